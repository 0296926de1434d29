package io.github.flinktrader.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.flinktrader.db.DbSettings;
import io.github.flinktrader.db.Migrations;
import io.github.flinktrader.features.FeatureSpecFile;
import io.github.flinktrader.inference.tft.ModelRegistry;
import io.github.flinktrader.inference.tft.TftDataset;
import io.github.flinktrader.inference.tft.TftModel;
import io.github.flinktrader.offline.data.BitstampSample;
import io.github.flinktrader.offline.data.OfflineBars;
import io.github.flinktrader.offline.data.PolygonFlatFile;
import io.github.flinktrader.offline.tft.EvaluationRun;
import io.github.flinktrader.offline.tft.ForecastEvaluation;
import io.github.flinktrader.offline.tft.ModelEvaluationsTable;
import io.github.flinktrader.offline.tft.ModelRegistryTable;
import io.github.flinktrader.offline.tft.TftTrainer;
import io.github.flinktrader.offline.tft.TrainingRun;
import io.github.flinktrader.records.MinuteBar;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code train} and {@code evaluate}: the TFT from bars to a registered, evaluated model. */
final class TftCommands {

  static final String MODEL = io.github.flinktrader.inference.tft.ModelRegistryNames.TFT;
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TftCommands() {}

  /** The real samples {@code train} and {@code evaluate} read when no flat file is given. */
  enum Sample {
    /** 9,398 BTC/USD minute bars, bundled (ta4j-examples). */
    BITSTAMP,
    /** 62,496 USD/CHF half-hour bars, fetched by {@code scripts/market-data.sh}. */
    USDCHF;

    /** What a model card records as its data, and what {@link #fromCard} reads back. */
    String cardName() {
      return name().toLowerCase(java.util.Locale.ROOT) + "-sample";
    }

    /** The sample a model card's data names; {@code null} for flat files or an older card. */
    static Sample fromCard(Object data) {
      for (Sample s : values()) {
        if (s.cardName().equals(String.valueOf(data))) {
          return s;
        }
      }
      return null;
    }
  }

  /** Where the bars come from: flat files, or one of the two real samples. */
  static final class Data {
    @Option(
        names = "--bars",
        split = ",",
        description =
            "Polygon flat files (minute_aggs CSV, gzip'd or not; other bar intervals are inferred)."
                + " Default: the sample named by --sample.")
    List<Path> files;

    @Option(
        names = "--sample",
        description =
            "Real sample data when no --bars is given: bitstamp (9,398 BTC/USD minute bars,"
                + " 2013-11-25 to 12-01, bundled) or usdchf (62,496 USD/CHF half-hour bars,"
                + " 1996-04 to 2001-03, fetched by scripts/market-data.sh). Default: bitstamp for"
                + " train, the model's own for evaluate.")
    Sample sample;

    @Option(
        names = "--tickers",
        split = ",",
        description = "Tickers to read from the files (default all).")
    Set<String> tickers;

    /** Where the USD/CHF sample is read from; {@code null}: {@link #usdchfFile()}. */
    Path usdchf;

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec spec;

    /** Refuses, before anything starts, a {@code --bars} file that is missing or unreadable. */
    void validate() {
      for (Path f : files == null ? List.<Path>of() : files) {
        String problem =
            !Files.exists(f)
                ? "no such file"
                : !Files.isRegularFile(f)
                    ? "not a file"
                    : !Files.isReadable(f) ? "not readable" : null;
        if (problem != null) {
          throw new picocli.CommandLine.ParameterException(
              spec.commandLine(), "--bars " + f + ": " + problem);
        }
      }
    }

    /** The bars, with {@code fallback} as the sample when the command line names none. */
    Map<String, List<MinuteBar>> load(Sample fallback) throws Exception {
      if (files != null && !files.isEmpty()) {
        return readFlatFiles(files);
      }
      if (sampleOr(fallback) == Sample.USDCHF) {
        Path file = usdchf != null ? usdchf : usdchfFile();
        if (!Files.isRegularFile(file)) {
          throw new IllegalStateException(
              "the USD/CHF sample is not in "
                  + file
                  + ": run scripts/market-data.sh (./run train --sample usdchf runs it)");
        }
        return readFlatFiles(List.of(file));
      }
      try (InputStream in = BitstampSample.open()) {
        return Map.of(
            BitstampSample.SYMBOL,
            OfflineBars.fromCsv(in, BitstampSample.SYMBOL, BitstampSample.SOURCE));
      }
    }

    private Map<String, List<MinuteBar>> readFlatFiles(List<Path> paths) throws Exception {
      List<InputStream> streams = new ArrayList<>();
      try {
        for (Path f : paths) {
          streams.add(Files.newInputStream(f));
        }
        PolygonFlatFile.Bars bars =
            PolygonFlatFile.readBars(streams, t -> tickers == null || tickers.contains(t));
        System.out.printf(
            "read %d tickers, bar interval %d s, lines refused: %s%n",
            bars.bySymbol().size(), bars.intervalMillis() / 1000, bars.refusedByReason());
        return bars.bySymbol();
      } finally {
        for (InputStream s : streams) {
          s.close();
        }
      }
    }

    private Sample sampleOr(Sample fallback) {
      return sample != null ? sample : fallback != null ? fallback : Sample.BITSTAMP;
    }

    static Path usdchfFile() {
      return usdchfFile(System.getenv("FLINK_TRADER_DATA"), System.getProperty("user.home"));
    }

    /** Where {@code scripts/market-data.sh} writes the USD/CHF sample. */
    static Path usdchfFile(String root, String home) {
      Path base =
          root != null && !root.isBlank() ? Path.of(root) : Path.of(home, ".cache", "flink-trader");
      return base.resolve("market").resolve("usdchf-30m.csv");
    }

    /** What the model card records as its data; {@code evaluate} reads it back as the default. */
    String describe() {
      return files == null || files.isEmpty() ? sampleOr(null).cardName() : files.toString();
    }
  }

  @Command(
      name = "train",
      mixinStandardHelpOptions = true,
      description =
          "Train a Temporal Fusion Transformer on bars (features built by the features job's own"
              + " code), split by time into train/validation/test, and register it.")
  static final class Train implements Callable<Integer> {
    @picocli.CommandLine.Mixin Data data = new Data();

    @Option(
        names = "--registry",
        defaultValue = "registry",
        description = "Registry directory (default ${DEFAULT-VALUE}).")
    Path registry;

    @Option(
        names = "--context",
        defaultValue = "60",
        description = "Past bars the encoder reads (default ${DEFAULT-VALUE}).")
    int context;

    @Option(
        names = "--horizons",
        split = ",",
        defaultValue = "60,240,1440",
        description = "Horizons in minutes (default ${DEFAULT-VALUE}).")
    int[] horizons;

    @Option(
        names = "--quantiles",
        split = ",",
        defaultValue = "0.1,0.5,0.9",
        description = "Quantile levels (default ${DEFAULT-VALUE}).")
    double[] quantiles;

    @Option(
        names = "--hidden",
        defaultValue = "32",
        description =
            "Model width; multiples of 32 avoid a oneDNN LSTM trap (default ${DEFAULT-VALUE}).")
    int hidden;

    @Option(
        names = "--heads",
        defaultValue = "4",
        description = "Attention heads (default ${DEFAULT-VALUE}).")
    int heads;

    @Option(
        names = "--dropout",
        defaultValue = "0.1",
        description = "Dropout (default ${DEFAULT-VALUE}).")
    float dropout;

    @Option(
        names = "--epochs",
        defaultValue = "20",
        description = "Maximum epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
        names = "--steps-per-epoch",
        defaultValue = "60",
        description = "Mini-batches per epoch (default ${DEFAULT-VALUE}).")
    int stepsPerEpoch;

    @Option(
        names = "--batch",
        defaultValue = "64",
        description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(
        names = "--learning-rate",
        defaultValue = "0.001",
        description = "Adam learning rate (default ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(
        names = "--patience",
        defaultValue = "4",
        description =
            "Epochs without validation improvement before stopping (default ${DEFAULT-VALUE}).")
    int patience;

    @Option(
        names = "--lr-plateau",
        defaultValue = "0",
        description =
            "Epochs without validation improvement before the learning rate is cut to 0.3 of"
                + " itself, again after as many more; 0 keeps it constant (default"
                + " ${DEFAULT-VALUE}).")
    int lrPlateau;

    @Option(
        names = "--seed",
        defaultValue = "42",
        description = "Seed of every random source (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
        names = "--train-fraction",
        defaultValue = "0.6",
        description = "Share of the decision times trained on (default ${DEFAULT-VALUE}).")
    double trainFraction;

    @Option(
        names = "--validation-fraction",
        defaultValue = "0.2",
        description =
            "Share used for early stopping; the rest is the test range (default ${DEFAULT-VALUE}).")
    double validationFraction;

    @Option(names = "--approve", description = "Mark the new version approved for serving.")
    boolean approve;

    @Option(
        names = "--calibrate",
        description =
            "Fit a calibration on the validation range (median shrinkage toward persistence,"
                + " conformal quantile shifts) and serve with it; needs 500+ validation samples.")
    boolean calibrate;

    @Option(
        names = "--no-db",
        description = "Do not record the version in the model_registry table.")
    boolean noDb;

    @Option(
        names = "--mirror",
        description =
            "Also train on each symbol's mirrored price path (every log return negated, features"
                + " recomputed): no drift learned from the training range.")
    boolean mirror;

    @Override
    public Integer call() throws Exception {
      data.validate();
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("data", data.describe());
      meta.put("git_revision", gitRevision());
      TrainingRun.Result r =
          TrainingRun.run(
              data.load(null),
              FeatureSpecFile.load(),
              new TrainingRun.Settings(
                  context,
                  horizons,
                  quantiles,
                  hidden,
                  heads,
                  dropout,
                  new TftTrainer.Options(
                      epochs, batch, learningRate, patience, seed, stepsPerEpoch, lrPlateau),
                  trainFraction,
                  validationFraction,
                  calibrate,
                  mirror),
              registry,
              approve,
              meta,
              new ProgressBar(),
              System.out::println);
      System.out.println();
      if (calibrate && r.calibration() == null) {
        System.out.println("calibration: too few validation samples, none fitted");
      } else if (r.calibration() != null) {
        System.out.printf(
            "calibration on %,d validation samples: median shrink %s, quantile shifts %s%n",
            r.calibration().samples(),
            Arrays.toString(r.calibration().medianShrink()),
            Arrays.deepToString(r.calibration().shifts()));
      }
      System.out.printf(
          "registered %s %s in %s: best epoch %d of %d, validation pinball %.4f, %.1f s%n",
          MODEL,
          r.version(),
          r.dir(),
          r.training().bestEpoch(),
          r.training().epochs(),
          r.training().bestValidationLoss(),
          r.training().millis() / 1000.0);
      if (!noDb) {
        recordVersion(r.card(), r.dir(), r.split(), approve);
      }
      return 0;
    }
  }

  @Command(
      name = "evaluate",
      mixinStandardHelpOptions = true,
      description =
          "Score a registered TFT on its held-out test range next to the baselines (persistence,"
              + " historical quantiles, linear quantile regression); prints a table, writes JSON,"
              + " records the scores in the database.")
  static final class Evaluate implements Callable<Integer> {
    @picocli.CommandLine.Mixin Data data = new Data();

    @Option(
        names = "--registry",
        defaultValue = "registry",
        description = "Registry directory (default ${DEFAULT-VALUE}).")
    Path registry;

    @Option(names = "--model-version", description = "Version to evaluate (default: the newest).")
    String version;

    @Option(
        names = "--json",
        defaultValue = "target/tft-evaluation.json",
        description = "Where to write the figures as JSON (default ${DEFAULT-VALUE}).")
    Path json;

    @Option(
        names = "--approve-if-better",
        description =
            "Approve the version if its P50 pinball beats persistence at every horizon and its coverage is within 80%% +/- 5%%.")
    boolean approveIfBetter;

    @Option(
        names = "--no-db",
        description = "Do not record the scores in the model_evaluations table.")
    boolean noDb;

    @Option(
        names = "--ensemble-with",
        split = ",",
        description =
            "Model directories trained on the same split (other seeds, say): also score the mean"
                + " of their quantiles and this model's, as 'ensemble-of-N'.")
    List<Path> ensembleWith = List.of();

    @Override
    public Integer call() throws Exception {
      data.validate();
      ModelRegistry reg = new ModelRegistry(registry);
      List<String> versions = reg.versions(MODEL);
      if (versions.isEmpty()) {
        System.err.println("no trained model in " + registry + ": run train first");
        return 1;
      }
      String v = version != null ? version : versions.get(versions.size() - 1);
      Path dir = reg.resolve(MODEL, v);
      try (TftModel model = TftModel.load(dir)) {
        EvaluationRun.Result r;
        try {
          r =
              EvaluationRun.run(
                  model,
                  data.load(Sample.fromCard(model.card().metadata().get("data"))),
                  FeatureSpecFile.load(),
                  ensembleWith);
        } catch (IllegalArgumentException e) {
          System.err.println(e.getMessage());
          return 1;
        }
        double[] q = r.quantiles();
        System.out.printf(
            "%s on %,d test samples [%s, %s); pinball in log-return units, RMSE in price units%n",
            r.card().version(),
            r.samples(),
            Instant.ofEpochMilli(r.split().testFrom()),
            Instant.ofEpochMilli(r.split().testTo()));
        System.out.print(ForecastEvaluation.table(r.scores(), q));
        System.out.println(
            "against persistence (pinball difference per sample, negative: better; Diebold-Mariano"
                + " test, Newey-West lag = the horizon in samples):");
        System.out.print(ForecastEvaluation.comparisonTable(r.versusPersistence()));
        System.out.printf(
            "TFT predictions: %,.0f samples/s (batch 256, one thread); trained in %s s%n",
            r.predictionsPerSecond(), r.card().metadata().get("training_seconds"));
        System.out.println(
            "mean variable selection weights over the test range (encoder, top 8): "
                + r.importance().get("encoder_top"));
        System.out.println(
            "mean attention by lag (bars back, newest first, first 10): "
                + r.importance().get("attention_by_lag_first10"));
        Files.createDirectories(json.toAbsolutePath().getParent());
        JSON.writeValue(json.toFile(), r.figures());
        JSON.writeValue(dir.resolve("evaluation.json").toFile(), r.figures());
        System.out.println("wrote " + json + " and " + dir.resolve("evaluation.json"));
        boolean better = r.beatsPersistence();
        if (approveIfBetter && better) {
          reg.approve(MODEL, v);
          System.out.println("approved " + v);
        } else if (approveIfBetter) {
          System.out.println(
              "not approved: it does not beat persistence at every horizon with calibrated intervals");
        }
        if (!noDb) {
          recordEvaluation(
              r.card(), v, r.split(), r.samples(), r.scores(), q, approveIfBetter && better);
        }
      }
      return 0;
    }
  }

  static void recordVersion(TftModel.Card card, Path dir, TftDataset.Split split, boolean approved)
      throws Exception {
    DbSettings db = DbSettings.fromEnvironment();
    Migrations.apply(db);
    String[] mv = card.version().split("/");
    try (Connection c = db.connect()) {
      ModelRegistryTable.register(
          c,
          new ModelRegistryTable.Version(
              mv[0],
              mv[1],
              dir.toAbsolutePath().toString(),
              card.featureSpecVersion(),
              split.trainFrom(),
              split.validationFrom(),
              String.valueOf(card.metadata().get("git_revision")),
              JSON.writeValueAsString(card),
              approved));
    }
    System.out.println("recorded in model_registry at " + db);
  }

  static void recordEvaluation(
      TftModel.Card card,
      String version,
      TftDataset.Split split,
      int samples,
      List<ForecastEvaluation.Scores> scores,
      double[] q,
      boolean approved)
      throws Exception {
    DbSettings db = DbSettings.fromEnvironment();
    Migrations.apply(db);
    long now = System.currentTimeMillis();
    List<Map<String, Object>> json = ForecastEvaluation.json(scores, q);
    List<ModelEvaluationsTable.Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < scores.size(); i++) {
      ForecastEvaluation.Scores s = scores.get(i);
      rows.add(
          new ModelEvaluationsTable.Row(
              MODEL,
              version,
              now,
              s.model(),
              s.horizonMinutes(),
              split.testFrom(),
              split.testTo(),
              samples,
              s.meanPinball(),
              s.coverage(),
              s.mape(),
              s.rmse(),
              s.directionalAccuracy(),
              JSON.writeValueAsString(json.get(i))));
    }
    try (Connection c = db.connect()) {
      ModelEvaluationsTable.insert(c, rows);
      if (approved) {
        ModelRegistryTable.approve(c, MODEL, version);
      }
    }
    System.out.println("recorded in model_evaluations at " + db);
  }

  static String gitRevision() {
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor() == 0 ? out : "unknown";
    } catch (Exception e) {
      return "unknown";
    }
  }

  /** One line redrawn in place: epoch, a bar over its steps, the running and validation loss. */
  static final class ProgressBar implements java.util.function.Consumer<TftTrainer.Progress> {
    @Override
    public void accept(TftTrainer.Progress p) {
      int width = 30;
      int done = (int) ((long) p.step() * width / p.stepsPerEpoch());
      String bar = "#".repeat(done) + " ".repeat(width - done);
      String val =
          p.validationLoss() == null ? "" : String.format(" validation %.4f%n", p.validationLoss());
      System.out.printf(
          "\repoch %3d [%s] %4d/%d train %.4f%s",
          p.epoch(), bar, p.step(), p.stepsPerEpoch(), p.trainLoss(), val);
      System.out.flush();
    }
  }
}
