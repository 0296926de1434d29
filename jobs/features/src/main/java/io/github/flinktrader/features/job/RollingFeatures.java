package io.github.flinktrader.features.job;

import io.github.flinktrader.features.FeatureCalculator;
import io.github.flinktrader.features.FeatureState;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.serde.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keeps each symbol's feature state and emits a feature vector per bar. A bar that is not newer
 * than the last one seen (a duplicate or an out-of-order bar) cannot be folded in without
 * corrupting the rolling windows, so it becomes a dead letter ({@code stale-bar}). State of a
 * symbol that stops trading expires after {@link #STATE_TTL}.
 */
public final class RollingFeatures extends KeyedProcessFunction<String, MinuteBar, FeatureVector> {

  private static final long serialVersionUID = 1L;

  public static final OutputTag<DeadLetter> STALE = new OutputTag<>("stale-bars") {};

  static final Duration STATE_TTL = Duration.ofDays(7);

  private transient ValueState<FeatureState> state;

  @Override
  public void open(OpenContext ctx) {
    ValueStateDescriptor<FeatureState> descriptor =
        new ValueStateDescriptor<>("feature-state", FeatureState.class);
    descriptor.enableTimeToLive(StateTtlConfig.newBuilder(STATE_TTL).build());
    state = getRuntimeContext().getState(descriptor);
  }

  @Override
  public void processElement(MinuteBar bar, Context ctx, Collector<FeatureVector> out)
      throws Exception {
    FeatureState current = state.value();
    if (current == null) {
      current = FeatureState.empty();
    } else if (bar.end() <= current.lastBarEnd()) {
      ctx.output(
          STALE,
          new DeadLetter(
              FeaturesUids.ROLLING_FEATURES,
              null,
              -1,
              -1,
              bar.eventTime(),
              "stale-bar",
              "bar ending "
                  + bar.end()
                  + " is not after the last bar seen, ending "
                  + current.lastBarEnd(),
              new String(Json.write(bar), StandardCharsets.UTF_8)));
      return;
    }
    FeatureCalculator.Step step = FeatureCalculator.update(current, bar);
    state.update(step.state());
    out.collect(step.features());
  }
}
