package io.github.flinktrader.local;

import io.github.flinktrader.db.DbSettings;
import io.github.flinktrader.db.Migrations;
import io.github.flinktrader.features.FeatureSpec;
import io.github.flinktrader.flink.JobSettings;
import io.github.flinktrader.offline.data.BitstampSample;
import io.github.flinktrader.offline.data.FeatureNormalisation;
import io.github.flinktrader.offline.data.TradeReplayer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.Producer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line of the local stack. */
@Command(
    name = "flink-trader",
    mixinStandardHelpOptions = true,
    version = "flink-trader 0.1.0",
    description = "Real-time ML trading pipeline on Apache Flink: local stack and tools.",
    subcommands = {
      TraderCli.Demo.class,
      TraderCli.Migrate.class,
      TraderCli.FeatureSpecCommand.class,
      TraderCli.BenchFeatures.class,
      TraderCli.ImportPolygon.class,
      TftCommands.Train.class,
      TftCommands.Evaluate.class,
      SentimentCommands.Train.class,
      SentimentCommands.Evaluate.class,
      InferenceBenchmark.class,
      TraderCli.AnnounceModel.class,
      ControlCommands.Kill.class,
      ControlCommands.Reduce.class,
      ControlCommands.Reset.class,
      ControlCommands.HaltSymbol.class,
      ControlCommands.ResumeSymbol.class
    })
public final class TraderCli {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /**
   * Runs a command: a failure is one line on stderr (the stack trace with {@code --verbose}), a bad
   * argument exit status 2, any other failure 1.
   */
  static int execute(String... args) {
    return commandLine(java.util.Arrays.asList(args).contains(CliErrors.VERBOSE))
        .execute(
            java.util.Arrays.stream(args)
                .filter(a -> !a.equals(CliErrors.VERBOSE))
                .toArray(String[]::new));
  }

  static CommandLine commandLine(boolean verbose) {
    CliErrors errors = new CliErrors(verbose);
    return new CommandLine(new TraderCli())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(errors)
        .setParameterExceptionHandler(errors);
  }

  /** Applies the database migrations to the configured database. */
  @Command(
      name = "migrate",
      mixinStandardHelpOptions = true,
      description = "Apply the schema migrations to the database at TRADING_DB_URL.")
  static final class Migrate implements Callable<Integer> {
    @Override
    public Integer call() {
      DbSettings db = DbSettings.fromEnvironment();
      var result = Migrations.apply(db);
      System.out.printf("%s: schema at version %s%n", db, result.targetSchemaVersion);
      return 0;
    }
  }

  /** Fits the feature normalisation statistics and prints or writes the spec file. */
  @Command(
      name = "feature-spec",
      mixinStandardHelpOptions = true,
      description =
          "Fit the z-score statistics of feature spec "
              + FeatureSpec.VERSION
              + " on the Bitstamp sample and print the spec file (or write it with --write).")
  static final class FeatureSpecCommand implements Callable<Integer> {
    @Option(names = "--write", description = "Write the spec file here instead of printing it.")
    Path write;

    @Override
    public Integer call() throws Exception {
      String json = FeatureNormalisation.fitOnBitstampSample().toJson();
      if (write == null) {
        System.out.print(json);
      } else {
        java.nio.file.Files.writeString(write, json);
        System.out.println("wrote " + write);
      }
      return 0;
    }
  }

  /** Measures the features job's throughput against the broker's raw consumer throughput. */
  @Command(
      name = "bench-features",
      mixinStandardHelpOptions = true,
      description =
          "Replay N bars for each of M symbols through the features job (RocksDB, exactly-once,"
              + " Kafka in and out) on a fresh local broker; print bars/s next to the raw consumer"
              + " throughput of the same topic, and write the figures as JSON.")
  static final class BenchFeatures implements Callable<Integer> {
    @Option(
        names = "--stage",
        defaultValue = "FULL",
        description =
            "How much of the job to run: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    FeaturesBenchmark.Stage stage;

    @Option(
        names = "--bars",
        defaultValue = "20000",
        description = "Bars per symbol (default ${DEFAULT-VALUE}).")
    long bars;

    @Option(
        names = "--symbols",
        defaultValue = "25",
        description = "Symbols (default ${DEFAULT-VALUE}).")
    int symbols;

    @Option(
        names = "--parallelism",
        defaultValue = "2",
        description = "Job parallelism (default ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
        names = "--partitions",
        defaultValue = "2",
        description = "Partitions of the bars topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
        names = "--warm-up",
        negatable = true,
        defaultValue = "true",
        fallbackValue = "true",
        description =
            "Run the job over the bars once before measuring anything, so the JIT has compiled"
                + " its hot paths (default on; --no-warm-up measures a cold JVM).")
    boolean warmUp;

    @Option(
        names = "--kafka-port",
        defaultValue = "19092",
        description = "Port of the benchmark's broker (default ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(
        names = "--json",
        defaultValue = "target/bench-features.json",
        description = "Where to write the figures (default ${DEFAULT-VALUE}).")
    Path json;

    @Option(
        names = "--state-dir",
        defaultValue = ".stack/bench",
        description = "Broker data and checkpoints (default ${DEFAULT-VALUE}).")
    Path stateDir;

    @Override
    public Integer call() throws Exception {
      try (KafkaBrokerProcess broker =
          new KafkaBrokerProcess(stateDir.resolve("kafka"), kafkaPort)) {
        broker.start();
        KafkaBrokerProcess.createTopics(broker.bootstrapServers(), partitions);
        FeaturesBenchmark.Result r =
            FeaturesBenchmark.run(
                broker.bootstrapServers(),
                bars,
                symbols,
                parallelism,
                stateDir.resolve("checkpoints").toAbsolutePath(),
                stage,
                warmUp);
        System.out.println(r.table());
        FeaturesBenchmark.write(r, json);
        System.out.println("figures written to " + json);
      }
      return 0;
    }
  }

  /** Imports Polygon minute-aggregate flat files into the minute-bar topic. */
  @Command(
      name = "import-polygon",
      mixinStandardHelpOptions = true,
      description =
          "Import Polygon minute_aggs flat files (YYYY-MM-DD.csv.gz) into the minute-bar topic;"
              + " bad lines go to the dead-letter topic with their reason.")
  static final class ImportPolygon implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Parameters(arity = "1..*", description = "minute_aggs .csv.gz files")
    List<Path> files;

    @Option(names = "--tickers", split = ",", required = true, description = "Tickers to import.")
    java.util.Set<String> tickers;

    @Option(
        names = "--kafka",
        defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
        description = "Kafka bootstrap servers (default ${DEFAULT-VALUE}).")
    String kafka;

    @Override
    public Integer call() throws Exception {
      for (Path f : files) {
        if (!java.nio.file.Files.isRegularFile(f) || !java.nio.file.Files.isReadable(f)) {
          throw new CommandLine.ParameterException(
              spec.commandLine(), f + ": no such file, or not readable");
        }
      }
      KafkaBrokerProcess.requireReachable(kafka);
      try (Producer<byte[], byte[]> producer = TradeReplayer.producer(kafka)) {
        io.github.flinktrader.offline.data.PolygonFlatFile importer =
            new io.github.flinktrader.offline.data.PolygonFlatFile(producer, tickers::contains);
        for (Path f : files) {
          try (var in = java.nio.file.Files.newInputStream(f)) {
            var r = importer.importGzip(in, f.getFileName().toString());
            System.out.printf(
                "%s: %,d bars, %,d dead letters, %,d lines of other tickers%n",
                f, r.bars(), r.deadLettered(), r.skipped());
          }
        }
      }
      return 0;
    }
  }

  /** Tells running inference jobs which model version to serve, or to shadow. */
  @Command(
      name = "announce-model",
      mixinStandardHelpOptions = true,
      description =
          "Announce a model version on the control topic: the inference job loads it in the"
              + " background, checks it, and switches (live) or runs it beside the live one (shadow).")
  static final class AnnounceModel implements Callable<Integer> {
    @Option(
        names = "--model",
        defaultValue = "tft",
        description = "Registry model name (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--version", description = "Version, e.g. v3 (not needed for shadow-off).")
    String version;

    @Option(
        names = "--role",
        defaultValue = "live",
        description = "live, shadow or shadow-off (default ${DEFAULT-VALUE}).")
    String role;

    @Option(
        names = "--kafka",
        defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
        description = "Kafka bootstrap servers (default ${DEFAULT-VALUE}).")
    String kafka;

    @Override
    public Integer call() throws Exception {
      var a =
          new io.github.flinktrader.records.ModelAnnouncement(
              model, version, role, System.currentTimeMillis());
      if (a.violation().isPresent()) {
        System.err.println("not announced: " + a.violation().get());
        return 2;
      }
      KafkaBrokerProcess.requireReachable(kafka);
      try (Producer<byte[], byte[]> producer = TradeReplayer.producer(kafka)) {
        producer
            .send(
                new org.apache.kafka.clients.producer.ProducerRecord<>(
                    io.github.flinktrader.flink.Topics.MODEL_CONTROL,
                    null,
                    a.eventTime(),
                    a.key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    io.github.flinktrader.serde.Json.write(a)))
            .get();
      }
      System.out.printf("announced %s %s as %s on %s%n", model, version, role, kafka);
      return 0;
    }
  }

  /** Runs the whole pipeline on the Bitstamp replay. */
  @Command(
      name = "demo",
      mixinStandardHelpOptions = true,
      description =
          "Start a Kafka broker and a Flink cluster with its web UI, apply the schema to"
              + " PostgreSQL, run the four jobs, replay 100,000 real Bitstamp BTC/USD trades (Nov"
              + " 2013) through them and fill the strategy's orders in a simulated broker. Prints"
              + " progress and a summary, then keeps the stack up until Ctrl-C (or exits, with"
              + " --exit-when-done).")
  static final class Demo implements Callable<Integer> {

    @Option(
        names = "--speed",
        defaultValue = "0",
        description =
            "Replay speed: 0 = as fast as possible, N = N times real time (default ${DEFAULT-VALUE}).")
    double speed;

    @Option(
        names = "--exit-when-done",
        description = "Stop everything once the replay is processed.")
    boolean exitWhenDone;

    @Option(
        names = "--keep-results",
        description =
            "Keep earlier runs' rows. By default a demo replay starts from empty result tables,"
                + " so its summary describes this run; kept rows are upserted, never duplicated.")
    boolean keepResults;

    @Option(
        names = "--kafka",
        description = "Use this Kafka cluster (host:port) instead of starting a local broker.")
    String externalKafka;

    @Option(
        names = "--kafka-port",
        defaultValue = "9092",
        description = "Port of the local broker (default ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(
        names = "--web-port",
        defaultValue = "8081",
        description = "Flink web UI and REST port (default ${DEFAULT-VALUE}).")
    int webPort;

    @Option(
        names = "--prometheus-port",
        defaultValue = "9249",
        description = "Prometheus metrics port (default ${DEFAULT-VALUE}).")
    int prometheusPort;

    @Option(
        names = "--web-submit",
        description =
            "Let the web UI upload and run jars and cancel jobs (off: the stack's listeners are on"
                + " 127.0.0.1 only, but anyone on this machine could otherwise run code in it).")
    boolean webSubmit;

    @Option(
        names = "--state-dir",
        defaultValue = ".stack",
        description = "Kafka data and checkpoints (default ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(
        names = "--checkpoint-interval-ms",
        defaultValue = "2000",
        description =
            "Checkpoint interval; Kafka output becomes visible downstream at checkpoints (default ${DEFAULT-VALUE}).")
    long checkpointIntervalMs;

    @Option(
        names = "--model",
        defaultValue = "tft",
        description =
            "Forecasting model: tft (the registry's approved or newest version; one is trained"
                + " first if there is none) or baseline (default ${DEFAULT-VALUE}).")
    String model;

    @Option(
        names = "--explain",
        description =
            "Every TFT forecast carries its variable selection and attention weights, kept in"
                + " forecast_explanations (view forecast_input_weights).")
    boolean explain;

    @Option(
        names = "--registry",
        defaultValue = "registry",
        description = "Model registry directory (default ${DEFAULT-VALUE}).")
    Path registry;

    @Option(
        names = "--sentiment",
        defaultValue = "minilm",
        description =
            "Sentiment model: minilm (the registry's approved version; one is trained first if"
                + " there is none, about 15 s) or none (default ${DEFAULT-VALUE}).")
    String sentimentModel;

    @Option(
        names = "--broker",
        defaultValue = "simulated",
        description =
            "Where the execution job sends orders: simulated, or fake-alpaca (a local fake of"
                + " Alpaca's API and trade-updates stream, which accepts only the keys in"
                + " APCA_API_KEY_ID / APCA_API_SECRET_KEY and fills at the last bar's close)"
                + " (default ${DEFAULT-VALUE}).")
    String broker;

    /** The demo's sentiment model, trained on the labelled sentences if the registry has none. */
    io.github.flinktrader.inference.sentiment.SentimentModel.Factory demoSentiment()
        throws Exception {
      if (sentimentModel.equals("none")) {
        return null;
      }
      if (!sentimentModel.equals("minilm")) {
        throw new picocli.CommandLine.ParameterException(
            new picocli.CommandLine(this), "--sentiment is minilm or none, not " + sentimentModel);
      }
      var reg = new io.github.flinktrader.inference.tft.ModelRegistry(registry);
      String name = io.github.flinktrader.inference.sentiment.MiniLmSentiment.MODEL;
      if (reg.approved(name).isEmpty()) {
        System.out.println("sentiment  no sentiment model in " + registry + ": training one first");
        int rc =
            new picocli.CommandLine(new SentimentCommands.Train())
                .execute("--registry", registry.toString());
        if (rc != 0) {
          throw new IllegalStateException("training the demo's sentiment model failed");
        }
      }
      return io.github.flinktrader.inference.sentiment.MiniLmSentiment.factory(
          registry, null, io.github.flinktrader.inference.sentiment.Classification.THRESHOLD);
    }

    /**
     * Everything that can be checked before anything starts: the option values, and the ports
     * (after stopping a broker an earlier demo left running).
     */
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    void validate() throws Exception {
      CommandLine cl = spec.commandLine();
      if (!(speed >= 0) || Double.isInfinite(speed)) {
        throw new CommandLine.ParameterException(
            cl, "--speed must be 0 (as fast as possible) or a positive factor, not " + speed);
      }
      if (!model.equals("tft") && !model.equals("baseline")) {
        throw new CommandLine.ParameterException(cl, "--model is tft or baseline, not " + model);
      }
      if (!sentimentModel.equals("minilm") && !sentimentModel.equals("none")) {
        throw new CommandLine.ParameterException(
            cl, "--sentiment is minilm or none, not " + sentimentModel);
      }
      if (!broker.equals("simulated") && !broker.equals("fake-alpaca")) {
        throw new CommandLine.ParameterException(
            cl, "--broker is simulated or fake-alpaca, not " + broker);
      }
      if (checkpointIntervalMs < 10) {
        throw new CommandLine.ParameterException(
            cl, "--checkpoint-interval-ms must be at least 10, not " + checkpointIntervalMs);
      }
      java.util.Map<String, Integer> ports = new java.util.LinkedHashMap<>();
      ports.put("--web-port", webPort);
      ports.put("--prometheus-port", prometheusPort);
      if (externalKafka == null) {
        ports.put("--kafka-port", kafkaPort);
        ports.put("--kafka-port (its controller, one above)", kafkaPort + 1);
      }
      for (var e : ports.entrySet()) {
        if (e.getValue() < 1 || e.getValue() > 65_535) {
          throw new CommandLine.ParameterException(
              cl, e.getKey() + " must be a port (1-65535), not " + e.getValue());
        }
      }
      if (new java.util.HashSet<>(ports.values()).size() < ports.size()) {
        throw new CommandLine.ParameterException(cl, "two of " + ports + " are the same port");
      }
      if (externalKafka == null) {
        KafkaBrokerProcess.stopStale(stateDir.resolve("kafka"));
      }
      for (var e : ports.entrySet()) {
        String holder = Ports.inUse(e.getValue());
        if (holder != null) {
          throw new CommandLine.ParameterException(
              cl,
              "port "
                  + e.getValue()
                  + " ("
                  + e.getKey()
                  + ") is in use"
                  + holder
                  + ": stop what holds it or choose another port");
        }
      }
    }

    @Override
    public Integer call() throws Exception {
      validate();
      DbSettings db = DbSettings.fromEnvironment();
      System.out.println("database   " + db.url() + " as " + db.user());
      Migrations.apply(db);
      io.github.flinktrader.inference.Forecaster.Factory forecaster = demoModel();
      System.out.println("model      " + forecaster.modelVersion());
      var sentiment = demoSentiment();
      System.out.println(
          "sentiment  "
              + (sentiment == null ? "off (--sentiment none)" : sentiment.modelVersion())
              + "; illustrative posts from "
              + DemoPosts.RESOURCE);
      if (!keepResults) {
        PipelineReport.clearResults(db);
      }

      List<AutoCloseable> stack = new ArrayList<>();
      List<JobClient> jobs = new ArrayList<>();
      CountDownLatch stopped = new CountDownLatch(1);
      Thread shutdown = new Thread(() -> stopAll(jobs, stack, stopped), "demo-shutdown");
      Runtime.getRuntime().addShutdownHook(shutdown);

      String bootstrap = externalKafka;
      if (bootstrap == null) {
        KafkaBrokerProcess broker = new KafkaBrokerProcess(stateDir.resolve("kafka"), kafkaPort);
        stack.add(broker);
        broker.start();
        bootstrap = broker.bootstrapServers();
      }
      System.out.println("kafka      " + bootstrap);
      KafkaBrokerProcess.createTopics(bootstrap);

      LocalFlinkCluster flink = new LocalFlinkCluster(webPort, prometheusPort, 8, webSubmit);
      stack.add(0, flink);
      System.out.println(
          "flink      "
              + flink.webUi()
              + "  (metrics: http://localhost:"
              + prometheusPort
              + "/metrics)");

      String runId = "demo-" + System.currentTimeMillis() / 1000;
      JobSettings settings =
          new JobSettings(
              bootstrap,
              db,
              false,
              Duration.ofMillis(checkpointIntervalMs),
              stateDir.resolve("checkpoints").toAbsolutePath().toUri().toString(),
              1,
              runId);
      FakeAlpacaBroker alpaca = null;
      if (broker.equals("fake-alpaca")) {
        alpaca = FakeAlpacaBroker.start(bootstrap);
        stack.add(0, alpaca);
        System.out.println("alpaca     " + alpaca.describe());
      } else if (!broker.equals("simulated")) {
        throw new picocli.CommandLine.ParameterException(
            new picocli.CommandLine(this), "--broker is simulated or fake-alpaca, not " + broker);
      }
      FakeAlpacaBroker fakeAlpaca = alpaca;
      for (PipelineJobs.Job pipelineJob : PipelineJobs.ALL) {
        PipelineJobs.Job job =
            pipelineJob.name().equals(io.github.flinktrader.execution.ExecutionJob.NAME)
                    && fakeAlpaca != null
                ? new PipelineJobs.Job(
                    pipelineJob.name(),
                    (env, s) ->
                        io.github.flinktrader.execution.ExecutionJob.build(
                            env, s, fakeAlpaca.executionSetup()))
                : pipelineJob.name().equals(io.github.flinktrader.inference.InferenceJob.NAME)
                    ? new PipelineJobs.Job(
                        pipelineJob.name(),
                        (env, s) ->
                            io.github.flinktrader.inference.InferenceJob.build(
                                env,
                                s,
                                io.github.flinktrader.inference.InferenceJob.Options.serving(
                                        forecaster)
                                    .withSentiment(sentiment)))
                    : pipelineJob;
        JobClient client = flink.submit(job, settings);
        jobs.add(client);
        System.out.println("job        " + job.name() + " running as " + client.getJobID());
      }

      AtomicLong replayed = new AtomicLong();
      String kafka = bootstrap;
      CompletableFuture<TradeReplayer.Result> replay =
          CompletableFuture.supplyAsync(
              () -> {
                try (Producer<byte[], byte[]> producer = TradeReplayer.producer(kafka)) {
                  return new TradeReplayer(
                          producer, BitstampSample.SYMBOL, BitstampSample.SOURCE, speed)
                      .alongside(sentiment == null ? List.of() : DemoPosts.records())
                      .replay(BitstampSample.open(), replayed::set);
                } catch (Exception e) {
                  throw new IllegalStateException("replay failed", e);
                }
              });

      // Progress comes from the topics (fresh each run); the database may hold earlier runs' rows,
      // which this run upserts without duplicating.
      try (TopicProgress progress = new TopicProgress(bootstrap)) {
        TopicProgress.Snapshot last = null;
        int stablePolls = 0;
        while (stablePolls < 10) {
          Thread.sleep(2_000);
          TopicProgress.Snapshot now = progress.snapshot();
          System.out.printf("replayed %,d trades | %s%n", replayed.get(), now.line());
          if (replay.isCompletedExceptionally()) {
            replay.join();
          }
          stablePolls = replay.isDone() && now.equals(last) ? stablePolls + 1 : 0;
          last = now;
        }
      }
      TradeReplayer.Result result = replay.join();
      PipelineReport.refreshAggregates(db);
      PipelineReport report = PipelineReport.read(db);
      System.out.printf(
          "%nReplay processed: %,d trades sent, %,d refused by the replayer.%n%s%n",
          result.sent(), result.deadLettered(), report.summary());
      if (fakeAlpaca != null) {
        System.out.println("  " + fakeAlpaca.summary());
      }
      System.out.println(
          """

          The newest minute stays open until a later trade arrives, as in live trading.
          Where to look:
            Flink web UI     %s   (the four jobs, their checkpoints and backpressure)
            Prometheus       http://localhost:%d/metrics
            SQL              psql "postgresql://%s@127.0.0.1:5432/trading"   (password: TRADING_DB_PASSWORD)
                             select * from bars_1m order by bucket_start desc limit 5;
                             select * from forecast_points where horizon_minutes = 60 order by bar_end desc limit 9;
                             select * from reddit_sentiment_aggregated order by window_start desc limit 5;
                             select verdict, reason, count(*) from risk_decisions group by 1, 2;
                             select * from positions;
          """
              .formatted(flink.webUi(), prometheusPort, db.user()));
      if (exitWhenDone) {
        return 0; // the shutdown hook stops the jobs and the stack
      }
      System.out.println("The stack stays up for exploring. Ctrl-C stops everything.");
      stopped.await();
      return 0;
    }

    /**
     * The demo's forecaster: the TFT from the registry (its approved version, else its newest; with
     * none, one is trained on the sample first, about a minute), or the named baseline.
     */
    io.github.flinktrader.inference.Forecaster.Factory demoModel() throws Exception {
      if (model.equals("baseline")) {
        return io.github.flinktrader.inference.DriftVolatilityBaseline.factory();
      }
      if (!model.equals("tft")) {
        throw new picocli.CommandLine.ParameterException(
            new picocli.CommandLine(this), "--model is tft or baseline, not " + model);
      }
      var reg = new io.github.flinktrader.inference.tft.ModelRegistry(registry);
      String tft = io.github.flinktrader.inference.tft.ModelRegistryNames.TFT;
      if (reg.versions(tft).isEmpty()) {
        System.out.println(
            "model      no TFT in " + registry + ": training one on the sample first");
        int rc =
            new picocli.CommandLine(new TftCommands.Train())
                .execute(
                    "--registry", registry.toString(),
                    "--epochs", "8",
                    "--steps-per-epoch", "15",
                    "--dropout", "0.3",
                    "--learning-rate", "0.0005");
        if (rc != 0) {
          throw new IllegalStateException("training the demo's TFT failed");
        }
      }
      List<String> approved = reg.approved(tft);
      List<String> all = reg.versions(tft);
      String version = approved.isEmpty() ? all.get(all.size() - 1) : null;
      if (version != null) {
        System.out.println(
            "model      no approved TFT version: the demo runs the newest, "
                + version
                + ", which is not approved for trading (./run evaluate says why)");
      }
      return io.github.flinktrader.inference.tft.TftForecaster.factory(registry, version)
          .withExplanations(explain);
    }

    private static void stopAll(
        List<JobClient> jobs, List<AutoCloseable> stack, CountDownLatch stopped) {
      for (JobClient job : jobs) {
        try {
          job.cancel().get();
        } catch (Exception e) {
          // The cluster may already be going down; closing it below stops the job anyway.
        }
      }
      for (AutoCloseable c : stack) {
        try {
          c.close();
        } catch (Exception e) {
          System.err.println("while stopping " + c.getClass().getSimpleName() + ": " + e);
        }
      }
      stopped.countDown();
    }
  }
}
