package io.github.flinktrader.ingest.polygon;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.http.ApiPolicy;
import io.github.flinktrader.records.MinuteBar;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * The live feed's state, the end of the last bar emitted per symbol: typed, and what release 0.1.0
 * kept ({@code "symbol=end"} strings under {@code last-bar-end}) is read on restore and dropped.
 */
class PolygonLiveStateTest {

  private static final List<String> TYPED = new ArrayList<>();
  private static final List<String> LEGACY = new ArrayList<>();

  /** Writes the state as release 0.1.0's PolygonLive did. */
  static final class Release010 extends ProcessFunction<Long, MinuteBar>
      implements CheckpointedFunction {
    private transient ListState<String> state;

    @Override
    public void initializeState(FunctionInitializationContext ctx) throws Exception {
      state =
          ctx.getOperatorStateStore()
              .getUnionListState(new ListStateDescriptor<>("last-bar-end", Types.STRING));
    }

    @Override
    public void snapshotState(FunctionSnapshotContext ctx) throws Exception {
      state.update(List.of("AAPL=1385337660000", "X:BTCUSD=1385337720000"));
    }

    @Override
    public void processElement(Long tick, Context ctx, Collector<MinuteBar> out) {}
  }

  /** Reads both states as a later release finds them. */
  static final class Probe extends ProcessFunction<Long, MinuteBar>
      implements CheckpointedFunction {
    @Override
    public void initializeState(FunctionInitializationContext ctx) throws Exception {
      for (PolygonLive.BarEnd e :
          ctx.getOperatorStateStore()
              .getUnionListState(
                  new ListStateDescriptor<>(
                      "last-bar-ends", TypeInformation.of(PolygonLive.BarEnd.class)))
              .get()) {
        TYPED.add(e.symbol() + "@" + e.end());
      }
      for (String s :
          ctx.getOperatorStateStore()
              .getUnionListState(new ListStateDescriptor<>("last-bar-end", Types.STRING))
              .get()) {
        LEGACY.add(s);
      }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext ctx) {}

    @Override
    public void processElement(Long tick, Context ctx, Collector<MinuteBar> out) {}
  }

  private static OneInputStreamOperatorTestHarness<Long, MinuteBar> harness(
      ProcessFunction<Long, MinuteBar> f) throws Exception {
    return new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(f));
  }

  @Test
  void theStateRecordIsAPojoWithoutKryo() {
    org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo(
        PolygonLive.BarEnd.class);
  }

  @Test
  void release010sStringsAreReadOnRestoreAndKeptTypedFromThen() throws Exception {
    OperatorSubtaskState old;
    try (var h = harness(new Release010())) {
      h.open();
      old = h.snapshot(1, 1);
    }
    // Nothing listens here: the feed only tries to connect while the state is restored and kept.
    PolygonLive.Settings unreachable =
        new PolygonLive.Settings(
            URI.create("ws://127.0.0.1:9/stocks"),
            URI.create("http://127.0.0.1:9"),
            List.of("AM.AAPL"),
            Duration.ofMinutes(1),
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            10,
            ApiPolicy.defaults("polygon", 1_000));
    OperatorSubtaskState upgraded;
    try (var h = harness(new PolygonLive(unreachable, Map.of("POLYGON_API_KEY", "test")))) {
      h.initializeState(old);
      h.open();
      upgraded = h.snapshot(2, 2);
    }
    TYPED.clear();
    LEGACY.clear();
    try (var h = harness(new Probe())) {
      h.initializeState(upgraded);
      h.open();
    }
    assertThat(TYPED).containsExactlyInAnyOrder("AAPL@1385337660000", "X:BTCUSD@1385337720000");
    assertThat(LEGACY).isEmpty();
  }
}
