package io.github.flinktrader.local;

import io.github.flinktrader.features.FeatureSpec;
import io.github.flinktrader.features.job.FeaturesJob;
import io.github.flinktrader.flink.JobIo;
import io.github.flinktrader.flink.JobSettings;
import io.github.flinktrader.flink.Pipelines;
import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.serde.EventSerializer;
import io.github.flinktrader.serde.Json;
import io.github.flinktrader.serde.RawRecord;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Throughput of the features job as deployed: N bars for each of M symbols in a real Kafka topic,
 * read by the job with RocksDB state and exactly-once checkpoints, features written to Kafka in
 * transactions; next to it, in the same run on the same broker, how fast a plain consumer reads the
 * same topic (the ceiling the job cannot beat) and plain producers write the job's output. Unless
 * told not to, the job first runs once over the same bars, unmeasured, so the JIT has compiled the
 * hot paths before anything is timed.
 */
final class FeaturesBenchmark {

  record Result(
      long bars,
      int symbols,
      int parallelism,
      Stage stage,
      double produceSeconds,
      double rawConsumerSeconds,
      double rawProducerSeconds,
      double startupSeconds,
      double jobSeconds,
      long featuresOut,
      double warmUpSeconds) {

    boolean warmedUp() {
      return warmUpSeconds > 0;
    }

    double rawConsumerRate() {
      return bars / rawConsumerSeconds;
    }

    double jobRate() {
      return bars / jobSeconds;
    }

    String table() {
      return String.join(
          "\n",
          String.format("%-44s %14s %12s", "what", "records", "per second"),
          String.format(
              "%-44s %,14d %,12.0f",
              "produce bars (idempotent producer)", bars, bars / produceSeconds),
          warmedUp()
              ? String.format(
                  "%-44s %,14d %,12.0f",
                  "warm-up pass of the job (JIT, not counted)", bars, bars / warmUpSeconds)
              : "no warm-up pass: the job's rate includes the JIT's warm-up",
          String.format(
              "%-44s %,14d %,12.0f",
              "raw consumer, read_committed, same topic", bars, rawConsumerRate()),
          String.format(
              "%-44s %,14d %,12.0f",
              "raw producers x" + parallelism + ", feature vectors, in txns",
              bars,
              bars / rawProducerSeconds),
          String.format(
              "%-44s %,14d %,12.0f",
              "features job "
                  + stage.name().toLowerCase()
                  + " (RocksDB, EO, p="
                  + parallelism
                  + ")",
              bars,
              jobRate()),
          String.format(
              "%-44s %,14d %,12.0f",
              "  same, counting the job's start (" + String.format("%.1f s", startupSeconds) + ")",
              bars,
              bars / (startupSeconds + jobSeconds)),
          String.format("%-44s %,14d", "feature vectors committed to Kafka", featuresOut),
          String.format("job / raw consumer: %.1f%%", 100 * jobRate() / rawConsumerRate()));
    }

    String json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("benchmark", "features-job");
      m.put("bars", bars);
      m.put("symbols", symbols);
      m.put("parallelism", parallelism);
      m.put("stage", stage.name().toLowerCase());
      m.put("produce_bars_per_s", Math.round(bars / produceSeconds));
      m.put("raw_consumer_bars_per_s", Math.round(rawConsumerRate()));
      m.put("raw_producer_feature_vectors_per_s", Math.round(bars / rawProducerSeconds));
      m.put("job_bars_per_s", Math.round(jobRate()));
      m.put("job_seconds", jobSeconds);
      m.put("job_startup_seconds", startupSeconds);
      m.put("features_out", featuresOut);
      m.put("warm_up_job_bars_per_s", warmedUp() ? Math.round(bars / warmUpSeconds) : null);
      m.put("cores", Runtime.getRuntime().availableProcessors());
      return new String(Json.write(m)) + "\n";
    }
  }

  /** How much of the job runs: to find where the time goes. */
  enum Stage {
    /** Kafka source only, records discarded. */
    SOURCE,
    /** Source, parsing, the keyed shuffle and the feature state on RocksDB; nothing written. */
    FEATURES,
    /** As FEATURES, with the 5-, 15- and 60-minute bars; nothing written. */
    WINDOWS,
    /** The whole job, feature vectors to Kafka in transactions. */
    FULL
  }

  static Result run(
      String bootstrap,
      long barsPerSymbol,
      int symbols,
      int parallelism,
      Path checkpoints,
      Stage stage,
      boolean warmUp)
      throws Exception {
    long total = barsPerSymbol * symbols;
    long t0 = System.nanoTime();
    produce(bootstrap, barsPerSymbol, symbols);
    double produceSeconds = (System.nanoTime() - t0) / 1e9;

    // A first pass of the same job over the same bars, so the JIT has compiled the hot paths of
    // the job and the Kafka clients before anything is measured, as in a job that has run a while.
    double warmUpSeconds = 0;
    if (warmUp) {
      warmUpSeconds =
          runJob(bootstrap, parallelism, checkpoints.resolve("warm-up"), stage, "warm-up")[1];
    }

    t0 = System.nanoTime();
    long read = countCommitted(bootstrap, Topics.BARS_1M);
    double rawSeconds = (System.nanoTime() - t0) / 1e9;
    if (read != total) {
      throw new IllegalStateException("raw consumer read " + read + " of " + total + " bars");
    }

    t0 = System.nanoTime();
    produceFeatureVectors(bootstrap, total, symbols, parallelism);
    double rawProducerSeconds = (System.nanoTime() - t0) / 1e9;

    long before = countCommitted(bootstrap, Topics.FEATURES);
    double[] job = runJob(bootstrap, parallelism, checkpoints.resolve("measured"), stage, "bench");
    long out = countCommitted(bootstrap, Topics.FEATURES) - before;
    return new Result(
        total,
        symbols,
        parallelism,
        stage,
        produceSeconds,
        rawSeconds,
        rawProducerSeconds,
        job[0],
        job[1],
        out,
        warmUpSeconds);
  }

  /**
   * Runs the job (or the part of it {@code stage} names) over the whole bar topic with its own
   * consumer groups and transactional ids; returns its start-up and its running time in seconds.
   */
  private static double[] runJob(
      String bootstrap, int parallelism, Path checkpoints, Stage stage, String runId)
      throws Exception {
    JobSettings settings =
        new JobSettings(
            bootstrap,
            null,
            true,
            Duration.ofSeconds(5),
            checkpoints.toUri().toString(),
            parallelism,
            runId);
    Configuration conf = Pipelines.configuration(settings, FeaturesJob.NAME);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    if (stage == Stage.FULL) {
      FeaturesJob.build(env, settings);
    } else {
      DataStream<RawRecord> raw =
          JobIo.source(env, settings, FeaturesJob.NAME, Topics.BARS_1M, "bench-source");
      DataStream<?> out = raw;
      if (stage != Stage.SOURCE) {
        FeaturesJob.Outputs o =
            FeaturesJob.defineWorkflow(
                raw,
                JobIo.source(
                    env,
                    settings,
                    FeaturesJob.NAME,
                    Topics.SENTIMENT_AGGREGATES,
                    "bench-sentiment"));
        out = o.features();
        if (stage == Stage.WINDOWS) {
          o.aggregateBars()
              .sinkTo(new DiscardingSink<>())
              .uid("bench-discard-bars")
              .name("discard longer bars");
        }
      }
      out.sinkTo(new DiscardingSink<>()).uid("bench-discard").name("discard");
    }
    // The job's own time starts once it runs; submitting it and starting the mini cluster's tasks
    // (a second or two) is reported beside it.
    long t0 = System.nanoTime();
    JobClient client = env.executeAsync("features benchmark " + runId);
    while (client.getJobStatus().get() != JobStatus.RUNNING
        && !client.getJobStatus().get().isGloballyTerminalState()) {
      Thread.sleep(5);
    }
    long running = System.nanoTime();
    client.getJobExecutionResult().get();
    return new double[] {(running - t0) / 1e9, (System.nanoTime() - running) / 1e9};
  }

  /**
   * Random-walk minute bars, symbol after symbol interleaved in time, as a market feed would be.
   */
  private static void produce(String bootstrap, long barsPerSymbol, int symbols) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    Random rnd = new Random(7);
    double[] price = new double[symbols];
    java.util.Arrays.fill(price, 100);
    EventSerializer<MinuteBar> serializer = new EventSerializer<>(Topics.BARS_1M);
    AtomicReference<Exception> failed = new AtomicReference<>();
    long t0 = 1_700_000_000_000L / 60_000 * 60_000;
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (long i = 0; i < barsPerSymbol; i++) {
        for (int s = 0; s < symbols; s++) {
          price[s] *= Math.exp(rnd.nextGaussian() * 0.001);
          BigDecimal c = BigDecimal.valueOf(price[s]).setScale(4, RoundingMode.HALF_EVEN);
          BigDecimal hi = c.add(new BigDecimal("0.05"));
          BigDecimal lo = c.subtract(new BigDecimal("0.05"));
          long start = t0 + i * 60_000;
          MinuteBar bar =
              new MinuteBar(
                  "SYM" + s,
                  start,
                  start + 60_000,
                  c,
                  hi,
                  lo,
                  c,
                  BigDecimal.valueOf(1 + rnd.nextInt(100)),
                  c,
                  1 + rnd.nextInt(50));
          producer.send(
              serializer.serialize(bar, null, null),
              (meta, e) -> {
                if (e != null) {
                  failed.compareAndSet(null, e);
                }
              });
        }
      }
      producer.flush();
    }
    if (failed.get() != null) {
      throw new IllegalStateException("producing the bars failed", failed.get());
    }
  }

  /** Scratch topic for the write ceiling: what plain producers write without the job. */
  static final String CEILING_TOPIC = "bench.output-ceiling";

  /**
   * The job's output without the job: as many feature vectors (33 values each, serialised as the
   * job's sink does) from as many producer threads as the job has writers, in transactions
   * committed every 5 s as the job's checkpoints do, with the sink's batching and compression. A
   * ceiling for the write side on this broker.
   */
  private static void produceFeatureVectors(String bootstrap, long total, int symbols, int threads)
      throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      if (!admin.listTopics().names().get().contains(CEILING_TOPIC)) {
        admin.createTopics(List.of(new NewTopic(CEILING_TOPIC, threads, (short) 1))).all().get();
      }
    }
    // As many producer threads as the job has sink writers.
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Object>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long from = total * t / threads;
        long to = total * (t + 1) / threads;
        int thread = t;
        parts.add(
            pool.submit(
                () -> {
                  produceFeatureVectors(bootstrap, from, to, symbols, thread);
                  return null;
                }));
      }
      for (Future<Object> part : parts) {
        part.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void produceFeatureVectors(
      String bootstrap, long from, long to, int symbols, int thread) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-output-ceiling-" + thread);
    p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    Random rnd = new Random(11 + thread);
    EventSerializer<FeatureVector> serializer = new EventSerializer<>(CEILING_TOPIC);
    long t0 = 1_700_000_000_000L / 60_000 * 60_000;
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      long committedAt = System.nanoTime();
      for (long i = from; i < to; i++) {
        double[] values = new double[FeatureSpec.NAMES.size()];
        for (int v = 0; v < values.length; v++) {
          values[v] = rnd.nextGaussian();
        }
        FeatureVector f =
            new FeatureVector(
                "SYM" + (i % symbols),
                t0 + (i / symbols) * 60_000,
                FeatureSpec.VERSION,
                BigDecimal.valueOf(100 + rnd.nextDouble()).setScale(4, RoundingMode.HALF_EVEN),
                values,
                true);
        producer.send(serializer.serialize(f, null, null));
        if (System.nanoTime() - committedAt > 5_000_000_000L) {
          producer.commitTransaction();
          producer.beginTransaction();
          committedAt = System.nanoTime();
        }
      }
      producer.commitTransaction();
    }
  }

  static long countCommitted(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(64 * 1024 * 1024));
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 * 1024 * 1024));
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          c.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long n = 0;
      int emptyPolls = 0;
      while (emptyPolls < 3 || parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        int got = c.poll(Duration.ofMillis(200)).count();
        emptyPolls = got == 0 ? emptyPolls + 1 : 0;
        n += got;
      }
      return n;
    }
  }

  static void write(Result r, Path json) throws Exception {
    if (json.getParent() != null) {
      Files.createDirectories(json.getParent());
    }
    Files.writeString(json, r.json());
  }
}
