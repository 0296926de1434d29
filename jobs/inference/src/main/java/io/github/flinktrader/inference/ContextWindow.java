package io.github.flinktrader.inference;

import io.github.flinktrader.flink.DeadLetterMetrics;
import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.serde.DeadLetters;
import io.github.flinktrader.serde.ParseEvents;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps each symbol's last {@code length} warm feature vectors in keyed state (checkpointed, so a
 * restart does not leave a model without its history) and emits the window for a forecast at the
 * configured cadence: every bar by default; with {@code everyMinutes} N, the first bar of each
 * N-minute period of the clock (12:05, 12:10, ... for 5; after a gap, the first bar that arrives in
 * the new period). Bars between still enter the window. A vector not newer than the last one is a
 * {@code stale-features} dead letter: the features job emits one vector per bar in order, so it can
 * only be a replay.
 */
public final class ContextWindow
    extends KeyedProcessFunction<String, FeatureVector, FeatureWindow> {

  private static final long serialVersionUID = 1L;

  private final int length;
  private final String stage;
  private final long periodMillis;
  private transient ValueState<FeatureWindow> window;
  private transient ValueState<Long> lastEmitted;
  private transient DeadLetterMetrics deadLetters;

  public ContextWindow(int length, String stage) {
    this(length, stage, 1);
  }

  public ContextWindow(int length, String stage, int everyMinutes) {
    if (length < 1 || everyMinutes < 1) {
      throw new IllegalArgumentException("length and cadence must be at least 1");
    }
    this.length = length;
    this.stage = stage;
    this.periodMillis = everyMinutes * 60_000L;
  }

  @Override
  public void open(OpenContext ctx) {
    window =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>("window", TypeInformation.of(FeatureWindow.class)));
    lastEmitted =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("last-emitted", TypeInformation.of(Long.class)));
    deadLetters = new DeadLetterMetrics(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement(FeatureVector v, Context ctx, Collector<FeatureWindow> out)
      throws Exception {
    FeatureWindow current = window.value();
    if (current != null && v.barEnd() <= current.barEnd()) {
      deadLetters.inc("stale-features");
      ctx.output(
          ParseEvents.DEAD_LETTERS,
          DeadLetters.refused(
              stage,
              v.eventTime(),
              "stale-features",
              "not newer than the last vector of " + v.symbol() + " at " + current.barEnd(),
              v));
      return;
    }
    FeatureWindow next =
        current == null || current.width() != v.values().length
            ? FeatureWindow.of(v)
            : current.append(v, length);
    window.update(next);
    if (periodMillis == 60_000L) {
      out.collect(next);
      return;
    }
    // Bar ends are period boundaries: the bar ending 12:05 opens the period 12:05-12:10.
    Long last = lastEmitted.value();
    if (last == null
        || Math.floorDiv(v.barEnd(), periodMillis) > Math.floorDiv(last, periodMillis)) {
      lastEmitted.update(v.barEnd());
      out.collect(next);
    }
  }
}
