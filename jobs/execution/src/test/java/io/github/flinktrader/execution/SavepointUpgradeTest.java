package io.github.flinktrader.execution;

import static io.github.flinktrader.execution.KafkaJobTesting.producer;
import static io.github.flinktrader.execution.KafkaJobTesting.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.records.Fill;
import io.github.flinktrader.records.Order;
import io.github.flinktrader.records.Position;
import io.github.flinktrader.records.RiskDecision;
import io.github.flinktrader.testing.LocalKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * A savepoint of each kept release (taken by {@link TakeExecutionSavepoint} in the middle of {@link
 * UpgradeScenario}) restores into this build, and the restored job goes on exactly as an
 * uninterrupted run of this build does: the same decisions, orders, fills and positions after the
 * upgrade point. The risk gate's book, the inputs held in the gate and the broker, the broker's
 * open orders and the ledger's positions all have to come through for that.
 */
class SavepointUpgradeTest {

  /** An uninterrupted run: what came before the upgrade point, and everything. */
  private record Reference(UpgradeScenario.Outputs before, UpgradeScenario.Outputs all) {}

  private static Reference uninterrupted() throws Exception {
    try (LocalKafka kafka = LocalKafka.start()) {
      JobClient job = UpgradeScenario.start(kafka, null);
      try {
        UpgradeScenario.Outputs before = UpgradeScenario.upToTheUpgradePoint(kafka);
        UpgradeScenario.secondPart(kafka);
        return new Reference(before, UpgradeScenario.settled(kafka, Duration.ofSeconds(4)));
      } finally {
        job.cancel().get();
      }
    }
  }

  private static UpgradeScenario.Outputs restored(String release) throws Exception {
    try (LocalKafka kafka = LocalKafka.start()) {
      // The inputs before the upgrade point, again, so the restored sources' offsets point just
      // after them; they are not read a second time.
      UpgradeScenario.firstPart(kafka);
      try (KafkaProducer<byte[], byte[]> p = producer(kafka)) {
        send(p, Topics.TRADING_CONTROL, UpgradeScenario.halt());
      }
      UpgradeScenario.heldPart(kafka);
      JobClient job = UpgradeScenario.start(kafka, UpgradeScenario.savepointOf(release));
      try {
        Thread.sleep(3_000);
        UpgradeScenario.secondPart(kafka);
        return UpgradeScenario.settled(kafka, Duration.ofSeconds(4));
      } finally {
        job.cancel().get();
      }
    }
  }

  /**
   * What {@code all} holds after its first {@code before.size()} records, per symbol in the order
   * written: records of different symbols interleave differently from run to run.
   */
  private static <T> Map<String, List<T>> after(
      List<T> all, List<T> before, Function<T, String> symbol) {
    assertThat(all.subList(0, before.size())).containsExactlyInAnyOrderElementsOf(before);
    return bySymbol(all.subList(before.size(), all.size()), symbol);
  }

  private static <T> Map<String, List<T>> bySymbol(List<T> records, Function<T, String> symbol) {
    return records.stream()
        .collect(Collectors.groupingBy(symbol, TreeMap::new, Collectors.toList()));
  }

  /**
   * Per symbol, each holding the positions went through, in order. The ledger marks on bars as they
   * arrive, so where a mark falls between two fills may differ between runs; the holdings may not.
   */
  private static Map<String, List<String>> holdings(Map<String, List<Position>> bySymbol) {
    Map<String, List<String>> out = new TreeMap<>();
    bySymbol.forEach(
        (symbol, positions) -> {
          List<String> seen =
              positions.stream()
                  .map(
                      p ->
                          p.fills()
                              + " fills: "
                              + p.quantity()
                              + " at "
                              + p.averagePrice()
                              + ", realized "
                              + p.realizedPnl()
                              + ", cash "
                              + p.cashFlow())
                  .distinct()
                  .toList();
          out.put(symbol, seen);
        });
    return out;
  }

  @Test
  void eachKeptReleasesSavepointRestoresAndTheJobGoesOnAsIfUninterrupted() throws Exception {
    Reference ref = uninterrupted();
    var decisions = after(ref.all().decisions(), ref.before().decisions(), RiskDecision::symbol);
    var orders = after(ref.all().orders(), ref.before().orders(), Order::symbol);
    var fills = after(ref.all().fills(), ref.before().fills(), Fill::symbol);
    var positions = after(ref.all().positions(), ref.before().positions(), Position::symbol);
    assertThat(orders).as("orders after the upgrade point").isNotEmpty();
    assertThat(fills).as("fills after the upgrade point").isNotEmpty();
    for (String release : UpgradeScenario.RELEASES) {
      UpgradeScenario.Outputs r = restored(release);
      assertThat(bySymbol(r.decisions(), RiskDecision::symbol))
          .as(release + ": decisions")
          .isEqualTo(decisions);
      // The gate's NEW and the broker's updates are two streams into one topic: compared as sets.
      assertThat(bySymbol(r.orders(), Order::symbol))
          .as(release + ": orders")
          .usingRecursiveComparison()
          .ignoringCollectionOrder()
          .isEqualTo(orders);
      assertThat(bySymbol(r.fills(), Fill::symbol)).as(release + ": fills").isEqualTo(fills);
      assertThat(holdings(bySymbol(r.positions(), Position::symbol)))
          .as(release + ": positions")
          .isEqualTo(holdings(positions));
    }
  }
}
