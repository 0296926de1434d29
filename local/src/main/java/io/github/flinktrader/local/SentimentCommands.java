package io.github.flinktrader.local;

import io.github.flinktrader.offline.sentiment.SentimentTraining;
import io.github.flinktrader.offline.sentiment.TextData;
import io.github.flinktrader.serde.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Training and evaluation of the sentiment model. */
final class SentimentCommands {

  private SentimentCommands() {}

  @Command(
      name = "train-sentiment",
      mixinStandardHelpOptions = true,
      description =
          "Train the sentiment head on the frozen MiniLM encoder over the labelled sentences"
              + " (scripts/text-data.sh), register it, and print its test scores next to the"
              + " lexicon baseline.")
  static final class Train implements Callable<Integer> {
    @Option(
        names = "--registry",
        defaultValue = "registry",
        description = "Model registry directory.")
    Path registry;

    @Option(
        names = "--seed",
        defaultValue = "7",
        description = "Seed of the train/validation/test split.")
    long seed;

    @Option(
        names = "--per-source",
        defaultValue = "0",
        description = "Sentences per source at most (0: all 1,000).")
    int perSource;

    @Option(
        names = "--json",
        defaultValue = "target/sentiment-evaluation.json",
        description = "Where to write the scores as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
      long start = System.nanoTime();
      SentimentTraining.Result r =
          SentimentTraining.train(TextData.dir(), registry, seed, perSource);
      long seconds = (System.nanoTime() - start) / 1_000_000_000;
      System.out.printf(
          "registered %s in %s (L2 %.0e, lexicon inputs %s; embedding took %.1f s, all %d s)%n",
          r.version(),
          r.dir(),
          r.l2(),
          r.lexiconInputs() ? "yes" : "no",
          r.embedMillis() / 1000.0,
          seconds);
      System.out.print(SentimentTraining.table(r.rows()));
      write(json, "sentiment-minilm/" + r.version(), r.rows());
      return 0;
    }
  }

  @Command(
      name = "evaluate-sentiment",
      mixinStandardHelpOptions = true,
      description =
          "Score a registered sentiment model on the test part of its split next to the lexicon"
              + " baseline; prints a table and writes JSON (also kept beside the version).")
  static final class Evaluate implements Callable<Integer> {
    @Option(
        names = "--registry",
        defaultValue = "registry",
        description = "Model registry directory.")
    Path registry;

    @Option(names = "--model-version", description = "vN; default the latest approved.")
    String version;

    @Option(
        names = "--threshold",
        defaultValue = "0.7",
        description = "Confidence below which a post counts as neutral.")
    double threshold;

    @Option(
        names = "--json",
        defaultValue = "target/sentiment-evaluation.json",
        description = "Where to write the scores as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
      List<SentimentTraining.Row> rows =
          SentimentTraining.evaluate(TextData.dir(), registry, version, threshold);
      System.out.print(SentimentTraining.table(rows));
      write(json, rows.get(0).classifier(), rows);
      return 0;
    }
  }

  static void write(Path json, String model, List<SentimentTraining.Row> rows) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", model);
    out.put("rows", SentimentTraining.json(rows));
    if (json.getParent() != null) {
      Files.createDirectories(json.getParent());
    }
    Json.mapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), out);
    System.out.println("wrote " + json);
  }
}
