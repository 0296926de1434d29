package io.github.flinktrader.inference.sentiment;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A user's own sequence classifier, e.g. FinBERT or a RoBERTa fine-tuned for sentiment, exported to
 * TorchScript: {@code forward(input_ids, attention_mask)} returning class logits {@code [batch,
 * classes]}, with the Hugging Face {@code tokenizer.json} it was trained with and the order of its
 * classes ({@code --sentiment-labels}, e.g. {@code positive,negative,neutral} for FinBERT). Runs on
 * DJL's PyTorch engine on the slot's device. Configured entirely by paths and names: no code.
 */
public final class TorchScriptSentiment implements SentimentModel {

  private final ZooModel<NDList, NDList> model;
  private final Predictor<NDList, NDList> predictor;
  private final HuggingFaceTokenizer tokenizer;
  private final int[] classOf; // model output index -> 0 negative, 1 neutral, 2 positive
  private final Factory config;

  private TorchScriptSentiment(Factory config, Device device)
      throws IOException, ModelNotFoundException, MalformedModelException {
    this.config = config;
    this.classOf = classes(config.labels());
    this.tokenizer =
        HuggingFaceTokenizer.newInstance(
            Path.of(config.tokenizer()),
            Map.of(
                "truncation", "true",
                "maxLength", String.valueOf(config.maxTokens()),
                "padding", "false"));
    this.model =
        Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optModelPath(Path.of(config.model()))
            .optEngine("PyTorch")
            .optDevice(device)
            .build()
            .loadModel();
    this.predictor = model.newPredictor();
  }

  /** Maps the configured class names onto negative, neutral, positive. */
  static int[] classes(String labels) {
    String[] names = labels.toLowerCase(Locale.ROOT).split(",");
    int[] out = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      out[i] =
          switch (names[i].strip()) {
            case "negative", "neg", "bearish" -> 0;
            case "neutral", "neu" -> 1;
            case "positive", "pos", "bullish" -> 2;
            default ->
                throw new IllegalArgumentException(
                    "class '"
                        + names[i]
                        + "' in '"
                        + labels
                        + "': use negative, neutral, positive");
          };
    }
    if (Arrays.stream(out).distinct().count() != out.length
        || !Arrays.stream(out).anyMatch(c -> c == 0)
        || !Arrays.stream(out).anyMatch(c -> c == 2)) {
      throw new IllegalArgumentException(
          "--sentiment-labels needs negative and positive, each once: " + labels);
    }
    return out;
  }

  @Override
  public double[][] probabilities(List<String> texts) throws Exception {
    double[][] out = new double[texts.size()][3];
    if (texts.isEmpty()) {
      return out;
    }
    Encoding[] encodings = tokenizer.batchEncode(texts);
    int width = 1;
    for (Encoding e : encodings) {
      width = Math.max(width, e.getIds().length);
    }
    long[][] ids = new long[texts.size()][width];
    long[][] mask = new long[texts.size()][width];
    for (int i = 0; i < encodings.length; i++) {
      long[] id = encodings[i].getIds();
      System.arraycopy(id, 0, ids[i], 0, id.length);
      System.arraycopy(encodings[i].getAttentionMask(), 0, mask[i], 0, id.length);
    }
    try (NDManager manager = model.getNDManager().newSubManager()) {
      NDList result = predictor.predict(new NDList(manager.create(ids), manager.create(mask)));
      NDArray logits = result.get(0);
      long classes = logits.getShape().get(1);
      if (classes != classOf.length) {
        throw new IllegalStateException(
            "model gives " + classes + " classes, --sentiment-labels names " + classOf.length);
      }
      float[] p = logits.softmax(1).toFloatArray();
      for (int i = 0; i < texts.size(); i++) {
        for (int c = 0; c < classOf.length; c++) {
          out[i][classOf[c]] += p[(int) (i * classes + c)];
        }
      }
      result.close();
    }
    return out;
  }

  @Override
  public int maxTokens() {
    return config.maxTokens();
  }

  @Override
  public int countTokens(String text) {
    return tokenizer.encode(text).getIds().length;
  }

  @Override
  public String modelVersion() {
    return config.modelVersion();
  }

  @Override
  public double threshold() {
    return config.threshold();
  }

  @Override
  public void close() {
    predictor.close();
    model.close();
    tokenizer.close();
  }

  /**
   * @param model the TorchScript file
   * @param tokenizer its {@code tokenizer.json}
   * @param labels the model's classes in output order, comma-separated
   * @param version stamped on every score, e.g. {@code finbert/2024-05}
   */
  public record Factory(
      String model,
      String tokenizer,
      String labels,
      String version,
      double threshold,
      int maxTokens)
      implements SentimentModel.Factory {

    private static final long serialVersionUID = 1L;

    public Factory {
      for (String file : new String[] {model, tokenizer}) {
        if (!Files.isRegularFile(Path.of(file))) {
          throw new IllegalArgumentException("no such file: " + file);
        }
      }
      classes(labels);
      if (maxTokens < 2) {
        throw new IllegalArgumentException("maxTokens must be at least 2");
      }
    }

    @Override
    public SentimentModel create(String device) throws Exception {
      return new TorchScriptSentiment(this, Device.fromName(device));
    }

    @Override
    public String modelVersion() {
      return version;
    }
  }
}
