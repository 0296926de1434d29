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
 * restart does not leave a model without its history) and emits the window at every new vector. A
 * vector not newer than the last one is a {@code stale-features} dead letter: the features job
 * emits one vector per bar in order, so it can only be a replay.
 */
public final class ContextWindow
    extends KeyedProcessFunction<String, FeatureVector, FeatureWindow> {

  private static final long serialVersionUID = 1L;

  private final int length;
  private final String stage;
  private transient ValueState<FeatureWindow> window;
  private transient DeadLetterMetrics deadLetters;

  public ContextWindow(int length, String stage) {
    if (length < 1) {
      throw new IllegalArgumentException("length must be at least 1");
    }
    this.length = length;
    this.stage = stage;
  }

  @Override
  public void open(OpenContext ctx) {
    window =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>("window", TypeInformation.of(FeatureWindow.class)));
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
    out.collect(next);
  }
}
