package io.github.flinktrader.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.flinktrader.features.FeatureSpecFile;
import io.github.flinktrader.flink.Pipelines;
import io.github.flinktrader.inference.FeatureWindow;
import io.github.flinktrader.inference.Forecaster;
import io.github.flinktrader.inference.InferenceJob;
import io.github.flinktrader.inference.tft.ModelRegistry;
import io.github.flinktrader.inference.tft.ModelRegistryNames;
import io.github.flinktrader.inference.tft.TftConfig;
import io.github.flinktrader.inference.tft.TftDataset;
import io.github.flinktrader.inference.tft.TftForecaster;
import io.github.flinktrader.inference.tft.TftModel;
import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.Forecast;
import io.github.flinktrader.serde.RawRecord;
import io.github.flinktrader.serde.WireFormat;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How fast the TFT serves: direct predictor calls at several batch sizes (predictions/s, p50/p99
 * latency per call), then the same model behind the inference job's operator in a local Flink
 * cluster (context windows in keyed state, micro-batching, ordered results). Speed does not depend
 * on the weights, so it uses a freshly initialised model of the configured size unless {@code
 * --registry} names a trained one.
 */
@Command(
    name = "bench-inference",
    mixinStandardHelpOptions = true,
    description = "Benchmark TFT inference: direct calls and through the Flink operator.")
final class InferenceBenchmark implements Callable<Integer> {

  @Option(
      names = "--hidden",
      defaultValue = "32",
      description = "Model width (default ${DEFAULT-VALUE}).")
  int hidden;

  @Option(
      names = "--context",
      defaultValue = "60",
      description = "Context length (default ${DEFAULT-VALUE}).")
  int context;

  @Option(
      names = "--calls",
      defaultValue = "20",
      description = "Timed calls per batch size (default ${DEFAULT-VALUE}).")
  int calls;

  @Option(
      names = "--flink-records",
      defaultValue = "20000",
      description = "Feature vectors through the Flink job (default ${DEFAULT-VALUE}).")
  int flinkRecords;

  @Option(
      names = "--json",
      defaultValue = "target/bench-inference.json",
      description = "JSON output (default ${DEFAULT-VALUE}).")
  Path json;

  @Override
  public Integer call() throws Exception {
    FeatureSpecFile spec = FeatureSpecFile.load();
    List<String> symbols = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      symbols.add("SYM" + i);
    }
    TftConfig config =
        new TftConfig(
            symbols,
            spec.names(),
            TftDataset.KNOWN,
            context,
            new int[] {60, 240, 1440},
            new double[] {0.1, 0.5, 0.9},
            hidden,
            4,
            0.1f);
    Path root = Files.createTempDirectory("bench-registry");
    Path dir = new ModelRegistry(root).newVersion(ModelRegistryNames.TFT);
    try (TftModel m =
        TftModel.create(
            new TftModel.Card(
                "tft/bench", config, spec.version(), new double[] {0.005, 0.01, 0.02}, Map.of()),
            1L)) {
      ModelRegistry.store(dir, m, spec);
    }
    new ModelRegistry(root).approve(ModelRegistryNames.TFT, "v1");
    Forecaster.Factory factory = TftForecaster.factory(root, null);

    List<Map<String, Object>> rows = new ArrayList<>();
    System.out.printf(
        "%-34s %8s %14s %10s %10s%n", "path", "batch", "predictions/s", "p50 ms", "p99 ms");
    for (boolean cached : new boolean[] {true, false}) {
      System.setProperty("flinktrader.tft.stepCache", Boolean.toString(cached));
      rows.addAll(
          direct(spec, symbols, factory, cached ? "direct calls" : "direct calls, no step cache"));
    }
    System.clearProperty("flinktrader.tft.stepCache");
    rows.add(flink(spec, List.copyOf(symbols.subList(0, FLINK_SYMBOLS)), factory));
    rows.add(flinkSteady(spec, List.copyOf(symbols.subList(0, FLINK_SYMBOLS)), factory));
    rows.addAll(pythonTorch(spec.names().size()));
    for (Map<String, Object> r : rows) {
      System.out.printf(
          Locale.ROOT,
          "%-34s %8s %,14.0f %10s %10s%n",
          r.get("path"),
          r.get("batch"),
          (double) r.get("predictions_per_second"),
          fmt(r.get("p50_ms")),
          fmt(r.get("p99_ms")));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("hidden", hidden);
    out.put("context", context);
    out.put("threads", Runtime.getRuntime().availableProcessors());
    out.put("jemalloc", String.valueOf(System.getenv("LD_PRELOAD")).contains("jemalloc"));
    out.put("rows", rows);
    if (json.toAbsolutePath().getParent() != null) {
      Files.createDirectories(json.toAbsolutePath().getParent());
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), out);
    System.out.println("wrote " + json);
    return 0;
  }

  /** Direct calls to one model instance at batch 1, 32 and 256. */
  private List<Map<String, Object>> direct(
      FeatureSpecFile spec, List<String> symbols, Forecaster.Factory factory, String path)
      throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Forecaster model = factory.create()) {
      // As served: every call brings each of its symbols one new bar, so a model that reuses
      // what it computed for earlier bars gets no more help here than in a live stream.
      Random r = new Random(2);
      List<FeatureWindow> windows = windows(spec, symbols, r);
      model.forecast(windows); // every symbol's window seen once, as in a running job
      for (int batch : new int[] {1, 32, 256}) {
        double[] ms = new double[calls];
        long total = 0;
        for (int c = -Math.max(10, WARM_UP_REQUESTS / batch); c < calls; c++) {
          for (int i = 0; i < batch; i++) {
            FeatureWindow w = windows.get(i);
            windows.set(
                i,
                w.append(
                    new FeatureVector(
                        w.symbol(),
                        w.barEnd() + 60_000L,
                        spec.version(),
                        new BigDecimal("100"),
                        values(r, spec),
                        true),
                    context));
          }
          List<FeatureWindow> requests = windows.subList(0, batch);
          long t = System.nanoTime();
          Forecast[] out = model.forecast(requests);
          long d = System.nanoTime() - t;
          if (Arrays.stream(out).anyMatch(f -> f == null)) {
            throw new IllegalStateException("the model refused a benchmark window");
          }
          if (c >= 0) {
            ms[c] = d / 1e6;
            total += d;
          }
        }
        Arrays.sort(ms);
        double perSecond = (double) batch * calls / (total / 1e9);
        rows.add(
            row(
                path,
                batch,
                perSecond,
                ms[calls / 2],
                ms[Math.min(calls - 1, (int) Math.ceil(calls * 0.99) - 1)]));
      }
    }
    return rows;
  }

  private Map<String, Object> flink(
      FeatureSpecFile spec, List<String> symbols, Forecaster.Factory factory) throws Exception {
    List<RawRecord> input = new ArrayList<>();
    Random r = new Random(3);
    long t0 = 1_385_337_600_000L;
    int perSymbol = flinkRecords / symbols.size();
    for (int i = 0; i < perSymbol; i++) {
      for (String s : symbols) {
        FeatureVector v =
            new FeatureVector(
                s, t0 + i * 60_000L, spec.version(), new BigDecimal("100"), values(r, spec), true);
        input.add(new RawRecord("features", 0, input.size(), v.eventTime(), WireFormat.write(v)));
      }
    }
    StreamExecutionEnvironment env = Pipelines.boundedLocal(InferenceJob.NAME);
    var out =
        InferenceJob.defineWorkflow(
            env.fromData(input, TypeInformation.of(RawRecord.class)).uid("bench-source"),
            null,
            InferenceJob.Options.serving(factory)
                .withForecasting(InferenceJob.Batching.FORECASTS.withTimeoutMs(60_000)));
    FIRST_LAST.clear();
    out.forecasts()
        .map(
            f -> {
              if (!f.fallback()) {
                long now = System.nanoTime();
                FIRST_LAST.merge("first", now, Math::min);
                FIRST_LAST.merge("last", now, Math::max);
                FIRST_LAST.merge("served", 1L, Long::sum);
              } else {
                FIRST_LAST.merge("fallbacks", 1L, Long::sum);
              }
              return f;
            })
        .returns(TypeInformation.of(Forecast.class))
        .uid("count")
        .sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>())
        .uid("discard");
    long start = System.nanoTime();
    env.execute("bench-inference");
    double withStart = (System.nanoTime() - start) / 1e9;
    long served = FIRST_LAST.getOrDefault("served", 0L);
    // From the first model forecast to the last: the job's start and the warm-up bars (no
    // forecast before a symbol has its context) are not counted.
    double seconds = (FIRST_LAST.get("last") - FIRST_LAST.get("first")) / 1e9;
    Map<String, Object> row =
        row("Flink job, burst (operator, 2 slots)", "32 max", (served - 1) / seconds, null, null);
    row.put("forecasts", served);
    row.put("fallbacks_while_warming", FIRST_LAST.getOrDefault("fallbacks", 0L));
    row.put("seconds_with_job_start", withStart);
    return row;
  }

  /**
   * Requests in untimed calls before each batch size's timed ones (at least 10 calls): the JIT and
   * the engine take about a thousand small calls to settle.
   */
  static final int WARM_UP_REQUESTS = 1_000;

  /** Symbols the Flink runs spread their records over. */
  static final int FLINK_SYMBOLS = 16;

  /** First and last model forecast of the burst run, and counts (the job runs in this JVM). */
  static final Map<String, Long> FIRST_LAST = new java.util.concurrent.ConcurrentHashMap<>();

  /** Generation times of the steady run's records, by bar end (the job runs in this JVM). */
  static final Map<Long, Long> SENT = new java.util.concurrent.ConcurrentHashMap<>();

  static final List<Long> LATENCY_MICROS =
      java.util.Collections.synchronizedList(new ArrayList<>());

  /** Stamps the generation time of each record the steady source sends. */
  record SteadyRecords(List<String> symbols, String specVersion, int width, long warmUpRecords)
      implements org.apache.flink.connector.datagen.source.GeneratorFunction<Long, RawRecord> {
    @Override
    public RawRecord map(Long i) {
      long barEnd = 1_385_337_600_000L + i * 60_000L;
      double[] values = new double[width];
      for (int f = 0; f < width; f++) {
        values[f] = Math.sin(i + f) * 0.01;
      }
      FeatureVector v =
          new FeatureVector(
              symbols.get((int) (i % symbols.size())),
              barEnd,
              specVersion,
              new BigDecimal("100"),
              values,
              true);
      if (i >= warmUpRecords) {
        SENT.put(barEnd, System.nanoTime());
      }
      return new RawRecord("features", 0, i, v.eventTime(), WireFormat.write(v));
    }
  }

  /** Latency from a record's generation to its forecast, at a steady request rate. */
  private Map<String, Object> flinkSteady(
      FeatureSpecFile spec, List<String> symbols, Forecaster.Factory factory) throws Exception {
    int rate = 200;
    // 30 s at the rate; latencies count from the 10th second on (the symbols' first windows
    // fill, the JIT and the model's first calls warm up before that).
    int records = rate * 30;
    long warmUp = rate * 10L;
    SENT.clear();
    LATENCY_MICROS.clear();
    StreamExecutionEnvironment env = Pipelines.boundedLocal(InferenceJob.NAME);
    var source =
        new org.apache.flink.connector.datagen.source.DataGeneratorSource<>(
            new SteadyRecords(symbols, spec.version(), spec.names().size(), warmUp),
            records,
            org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy.perSecond(
                rate),
            TypeInformation.of(RawRecord.class));
    var out =
        InferenceJob.defineWorkflow(
            env.fromSource(
                    source,
                    org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks(),
                    "steady")
                .uid("steady-source"),
            null,
            InferenceJob.Options.serving(factory)
                .withForecasting(InferenceJob.Batching.FORECASTS.withTimeoutMs(60_000)));
    out.forecasts()
        .map(
            f -> {
              Long sent = SENT.get(f.barEnd());
              if (sent != null && !f.fallback()) {
                LATENCY_MICROS.add((System.nanoTime() - sent) / 1_000);
              }
              return f;
            })
        .returns(TypeInformation.of(Forecast.class))
        .uid("latency")
        .sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>())
        .uid("discard");
    env.execute("bench-inference-steady");
    List<Long> micros = new ArrayList<>(LATENCY_MICROS);
    java.util.Collections.sort(micros);
    double p50 = micros.isEmpty() ? Double.NaN : micros.get(micros.size() / 2) / 1000.0;
    double p99 =
        micros.isEmpty()
            ? Double.NaN
            : micros.get(Math.min(micros.size() - 1, (int) Math.ceil(micros.size() * 0.99) - 1))
                / 1000.0;
    Map<String, Object> row =
        row("Flink job, steady " + rate + " requests/s", "32 max", (double) rate, p50, p99);
    row.put("latency_samples", micros.size());
    row.put("latency_counted_after_seconds", 10);
    return row;
  }

  /**
   * The same network in Python torch (scripts/bench_tft_torch.py), when Debian's python3-torch is
   * installed ({@code scripts/native-deps.sh --torch}); an empty list with a note otherwise.
   */
  private List<Map<String, Object>> pythonTorch(int observed) throws Exception {
    Path script = Path.of("scripts/bench_tft_torch.py");
    // Debian's interpreter, where python3-torch installs (a pyenv python3 on PATH would not see
    // it).
    String python =
        Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    List<Map<String, Object>> rows = new ArrayList<>();
    Process check =
        new ProcessBuilder(python, "-c", "import torch").redirectErrorStream(true).start();
    if (!Files.exists(script) || check.waitFor() != 0) {
      System.out.println(
          "(python torch row skipped: run scripts/native-deps.sh --torch to install python3-torch)");
      return rows;
    }
    Process p =
        new ProcessBuilder(
                python,
                script.toString(),
                "--hidden",
                Integer.toString(hidden),
                "--context",
                Integer.toString(context),
                "--calls",
                Integer.toString(calls),
                "--observed",
                Integer.toString(observed),
                "--known",
                Integer.toString(TftDataset.KNOWN.size()))
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("python benchmark failed: " + output);
    }
    ObjectMapper mapper = new ObjectMapper();
    for (String line : output.split("\n")) {
      if (line.startsWith("{")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> row = mapper.readValue(line, LinkedHashMap.class);
        row.put(
            "predictions_per_second", ((Number) row.get("predictions_per_second")).doubleValue());
        row.put("p50_ms", ((Number) row.get("p50_ms")).doubleValue());
        row.put("p99_ms", ((Number) row.get("p99_ms")).doubleValue());
        rows.add(row);
      }
    }
    return rows;
  }

  /** A full context window per symbol. */
  private List<FeatureWindow> windows(FeatureSpecFile spec, List<String> symbols, Random r) {
    List<FeatureWindow> out = new ArrayList<>();
    long t0 = 1_385_337_600_000L;
    for (String symbol : symbols) {
      FeatureWindow w = null;
      for (int step = 0; step < context; step++) {
        FeatureVector v =
            new FeatureVector(
                symbol,
                t0 + step * 60_000L,
                spec.version(),
                new BigDecimal("100"),
                values(r, spec),
                true);
        w = w == null ? FeatureWindow.of(v) : w.append(v, context);
      }
      out.add(w);
    }
    return out;
  }

  private static double[] values(Random r, FeatureSpecFile spec) {
    double[] v = new double[spec.names().size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextGaussian() * 0.01;
    }
    return v;
  }

  private static Map<String, Object> row(
      String path, Object batch, double perSecond, Double p50, Double p99) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", path);
    m.put("batch", batch);
    m.put("predictions_per_second", perSecond);
    m.put("p50_ms", p50);
    m.put("p99_ms", p99);
    return m;
  }

  private static String fmt(Object ms) {
    return ms == null ? "-" : String.format(Locale.ROOT, "%.1f", (double) ms);
  }
}
