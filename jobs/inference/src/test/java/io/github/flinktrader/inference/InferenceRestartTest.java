package io.github.flinktrader.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.flink.JobIo;
import io.github.flinktrader.flink.JobSettings;
import io.github.flinktrader.flink.KafkaIo;
import io.github.flinktrader.flink.Pipelines;
import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.Forecast;
import io.github.flinktrader.serde.WireFormat;
import io.github.flinktrader.testing.LocalKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failure while requests are in flight in the async operator: the job restarts from its last
 * checkpoint, Flink re-issues the requests that checkpoint held, and the exactly-once sink commits
 * every forecast once. Asserted from a {@code read_committed} consumer on a real broker.
 */
class InferenceRestartTest {

  static final int VECTORS = 300;
  static final AtomicBoolean FAILED = new AtomicBoolean();
  static final AtomicInteger SEEN = new AtomicInteger();
  static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();

  /** Fails the job once, after a completed checkpoint and some forecasts. */
  static final class FailOnce extends RichMapFunction<Forecast, Forecast>
      implements CheckpointListener {

    @Override
    public Forecast map(Forecast f) {
      SEEN.incrementAndGet();
      // The first forecast after a completed checkpoint fails the job; the second half of the
      // input is produced only then, so it is ahead and partly in flight.
      if (CHECKPOINTED.get() && FAILED.compareAndSet(false, true)) {
        throw new IllegalStateException("forced failure with requests in flight");
      }
      return f;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      CHECKPOINTED.set(true);
    }
  }

  /** The baseline, a little slow, so requests are in flight when the failure comes. */
  record Slow() implements Forecaster.Factory {
    @Override
    public Forecaster create() throws Exception {
      Forecaster b = DriftVolatilityBaseline.factory().create();
      return features -> {
        Thread.sleep(30);
        return b.forecast(features);
      };
    }

    @Override
    public String modelVersion() {
      return DriftVolatilityBaseline.VERSION;
    }

    @Override
    public int[] horizonsMinutes() {
      return DriftVolatilityBaseline.factory().horizonsMinutes();
    }

    @Override
    public double[] quantileLevels() {
      return DriftVolatilityBaseline.factory().quantileLevels();
    }
  }

  @Test
  void inFlightRequestsAreReissuedAfterARestartAndEveryForecastIsCommittedOnce(@TempDir Path dir)
      throws Exception {
    try (LocalKafka kafka = LocalKafka.start()) {
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      long t0 = 1_385_337_600_000L;
      produce(kafka, 0, VECTORS / 2);
      JobSettings settings =
          new JobSettings(
              kafka.bootstrapServers(),
              null,
              false,
              Duration.ofMillis(300),
              dir.toUri().toString(),
              1,
              "restart");
      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.getExecutionEnvironment(
              Pipelines.configuration(settings, InferenceJob.NAME));
      env.setParallelism(1);
      var out =
          InferenceJob.defineWorkflow(
              JobIo.source(env, settings, InferenceJob.NAME, Topics.FEATURES, "features-source"),
              null,
              InferenceJob.Options.serving(new Slow())
                  .withForecasting(new InferenceJob.Batching(30_000, 4, 2, 16)));
      out.forecasts()
          .map(new FailOnce())
          .uid("fail-once")
          .sinkTo(
              KafkaIo.<Forecast>sink(settings, Topics.FORECASTS, InferenceJob.NAME, "forecasts"))
          .uid("forecasts-sink");
      JobClient job = env.executeAsync("inference-restart");
      try {
        long wait = System.currentTimeMillis() + 60_000;
        while (!CHECKPOINTED.get() && System.currentTimeMillis() < wait) {
          Thread.sleep(50);
        }
        produce(kafka, VECTORS / 2, VECTORS);
        long deadline = System.currentTimeMillis() + 120_000;
        List<Forecast> committed = List.of();
        while (System.currentTimeMillis() < deadline) {
          committed = new ArrayList<>();
          for (var r : kafka.readCommitted(Topics.FORECASTS)) {
            committed.add(WireFormat.read(r.value(), Forecast.class));
          }
          if (committed.stream().map(f -> f.symbol() + f.barEnd()).distinct().count() >= VECTORS) {
            break;
          }
          Thread.sleep(300);
        }
        Thread.sleep(1_000); // more checkpoints: a repeat would be committed by now
        committed = new ArrayList<>();
        for (var r : kafka.readCommitted(Topics.FORECASTS)) {
          committed.add(WireFormat.read(r.value(), Forecast.class));
        }
        assertThat(FAILED).isTrue();
        assertThat(committed).hasSize(VECTORS);
        assertThat(committed)
            .extracting(f -> f.symbol() + "@" + f.barEnd())
            .doesNotHaveDuplicates();
        assertThat(committed).noneMatch(Forecast::fallback);
      } finally {
        job.cancel().get();
      }
    }
  }

  private static void produce(LocalKafka kafka, int from, int to) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    long t0 = 1_385_337_600_000L;
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = from; i < to; i++) {
        FeatureVector f = DriftVolatilityBaselineTest.features(0.01, 0.02);
        String symbol = "S" + (i % 3);
        FeatureVector v =
            new FeatureVector(
                symbol, t0 + i * 60_000L, f.specVersion(), f.close(), f.values(), true);
        producer.send(
            new ProducerRecord<>(
                Topics.FEATURES,
                null,
                v.eventTime(),
                symbol.getBytes(StandardCharsets.UTF_8),
                WireFormat.write(v)));
      }
    }
  }
}
