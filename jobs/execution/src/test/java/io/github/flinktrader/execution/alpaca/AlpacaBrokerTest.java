package io.github.flinktrader.execution.alpaca;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.fakes.FakeAlpaca;
import io.github.flinktrader.records.ControlCommand;
import io.github.flinktrader.records.Fill;
import io.github.flinktrader.records.Order;
import io.github.flinktrader.records.OrderStatus;
import io.github.flinktrader.records.Side;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The Alpaca broker operator on RocksDB against the fake Alpaca: an order replayed after a restore
 * is not sent again, its fills are found by the reconciliation after the restore, and a KILL that
 * cannot reach Alpaca is retried at the next poll.
 */
class AlpacaBrokerTest {

  private static KeyedTwoInputStreamOperatorTestHarness<String, Order, ControlCommand, Fill>
      harness(FakeAlpaca fake) throws Exception {
    AlpacaConfig config =
        AlpacaConfig.at(fake.restUrl())
            .withStreamUrl(fake.streamUrl())
            .withPolicy(
                AlpacaClient.defaultPolicy()
                    .withRequestTimeout(Duration.ofMillis(500))
                    .withBackoff(
                        Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(50)))
            .withSecretEnv(
                Map.of(
                    "APCA_API_KEY_ID", FakeAlpaca.KEY, "APCA_API_SECRET_KEY", FakeAlpaca.SECRET));
    var h =
        new KeyedTwoInputStreamOperatorTestHarness<String, Order, ControlCommand, Fill>(
            new KeyedCoProcessOperator<>(new AlpacaBroker(config, "paper")),
            o -> "paper",
            c -> "paper",
            Types.STRING);
    h.setStateBackend(new EmbeddedRocksDBStateBackend());
    return h;
  }

  private static final Order ORDER =
      Order.market("r-1", "BTCUSD", 1_700_000_000_000L, Side.BUY, new BigDecimal("2"));

  @Test
  void anOrderReplayedAfterARestoreIsNotSentAgainAndItsFillsAreFound() throws Exception {
    try (FakeAlpaca fake = new FakeAlpaca()) {
      OperatorSubtaskState snapshot;
      try (var h = harness(fake)) {
        h.open();
        h.processElement1(ORDER, 1L);
        assertThat(fake.creations("r-1")).isEqualTo(1);
        snapshot = h.snapshot(1, 1L);
      }
      Thread.sleep(300); // the fake fills it meanwhile; this run's stream is gone
      try (var h = harness(fake)) {
        h.initializeState(snapshot);
        h.open();
        h.processElement1(ORDER, 1L); // replayed from the checkpoint
        assertThat(fake.posts()).isEqualTo(1);
        h.setProcessingTime(10_000); // the restored poll timer: reconciliation finds the fills
        assertThat(
                h.extractOutputValues().stream()
                    .map(Fill::quantity)
                    .reduce(BigDecimal.ZERO, BigDecimal::add))
            .isEqualByComparingTo("2");
        assertThat(h.getSideOutput(AlpacaBroker.ORDER_UPDATES))
            .extracting(StreamRecord::getValue)
            .extracting(Order::status)
            .contains(OrderStatus.FILLED);
      }
    }
  }

  @Test
  void aKillThatCannotReachAlpacaIsRetriedAtTheNextPoll() throws Exception {
    try (FakeAlpaca fake = new FakeAlpaca()) {
      fake.holdFills();
      try (var h = harness(fake)) {
        h.open();
        h.processElement1(ORDER, 1L);
        fake.close(); // Alpaca is unreachable
        h.processElement2(
            new ControlCommand(
                "paper", ControlCommand.Kind.KILL, null, 2L, 0, "operator:test", "stop"),
            2L);
        assertThat(h.getSideOutput(AlpacaBroker.ORDER_UPDATES))
            .extracting(StreamRecord::getValue)
            .noneMatch(o -> o.status() == OrderStatus.CANCELED);
        // The job is still running; the KILL stays pending in state and the poll timer retries it.
        assertThat(h.numProcessingTimeTimers()).isPositive();
      }
    }
  }
}
