package io.github.flinktrader.inference.sentiment;

import io.github.flinktrader.inference.tft.ModelRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The default sentiment model: the pretrained all-MiniLM-L6-v2 transformer ({@link MiniLmEncoder})
 * as a frozen encoder, with a classification head ({@link SentimentHead}) this project trains on
 * labelled sentences, optionally fed the financial lexicon's three inputs as well. Two classes:
 * P(neutral) is zero, and a post whose top class is below the threshold counts as neutral.
 * Versioned in the model registry as {@value #MODEL}/vN.
 */
public final class MiniLmSentiment implements SentimentModel {

  public static final String MODEL = "sentiment-minilm";

  private final MiniLmEncoder encoder;
  private final SentimentHead head;
  private final Lexicon lexicon;
  private final String version;
  private final double threshold;

  public MiniLmSentiment(
      MiniLmEncoder encoder,
      SentimentHead head,
      Lexicon lexicon,
      String version,
      double threshold) {
    this.encoder = encoder;
    this.head = head;
    this.lexicon = lexicon;
    this.version = version;
    this.threshold = threshold;
  }

  /**
   * The head's input for one text: its embedding, then the lexicon's inputs if the head reads them.
   */
  public static double[] inputs(float[] embedding, Lexicon.Score lexicon, boolean withLexicon) {
    double[] x = new double[embedding.length + (withLexicon ? 3 : 0)];
    for (int i = 0; i < embedding.length; i++) {
      x[i] = embedding[i];
    }
    if (withLexicon) {
      System.arraycopy(lexicon.features(), 0, x, embedding.length, 3);
    }
    return x;
  }

  @Override
  public double[][] probabilities(List<String> texts) {
    float[][] embeddings = encoder.embed(texts);
    double[][] out = new double[texts.size()][];
    for (int i = 0; i < out.length; i++) {
      double p =
          head.positive(
              inputs(
                  embeddings[i],
                  head.lexiconInputs() ? lexicon.score(texts.get(i)) : null,
                  head.lexiconInputs()));
      out[i] = new double[] {1 - p, 0, p};
    }
    return out;
  }

  @Override
  public int maxTokens() {
    return MiniLmEncoder.MAX_TOKENS;
  }

  @Override
  public int countTokens(String text) {
    return encoder.countTokens(text);
  }

  @Override
  public String modelVersion() {
    return version;
  }

  @Override
  public double threshold() {
    return threshold;
  }

  @Override
  public void close() {
    encoder.close();
  }

  /** A registry version, {@code null} for the latest approved one. */
  public static Factory factory(Path registry, String version, double threshold)
      throws IOException {
    Path dir = new ModelRegistry(registry).resolve(MODEL, version);
    return new Factory(registry.toString(), dir.getFileName().toString(), threshold);
  }

  /** Builds one model per worker thread from a registry version. */
  public record Factory(String registry, String version, double threshold)
      implements SentimentModel.Factory {

    private static final long serialVersionUID = 1L;

    @Override
    public SentimentModel create(String device) throws IOException {
      Path dir = new ModelRegistry(Path.of(registry)).resolve(MODEL, version);
      return new MiniLmSentiment(
          new MiniLmEncoder(1),
          SentimentHead.read(dir),
          Lexicon.read(dir.resolve(Lexicon.FILE)),
          modelVersion(),
          threshold);
    }

    @Override
    public String modelVersion() {
      return MODEL + "/" + version;
    }

    @Override
    public Factory forVersion(String other) throws IOException {
      return factory(Path.of(registry), other, threshold);
    }
  }
}
