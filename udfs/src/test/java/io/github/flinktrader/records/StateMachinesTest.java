package io.github.flinktrader.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The state machines and codes kept as data: the account's trading states and their moves, the
 * order lifecycle, and the risk gate's refusal codes (checked against the documentation's table).
 */
class StateMachinesTest {

  @Test
  void tradingStatesMoveTowardHaltedOnTheirOwnAndBackOnlyOnAReset() {
    assertThat(TradingState.ACTIVE.on(TradingState.Event.KILL)).contains(TradingState.HALTED);
    assertThat(TradingState.ACTIVE.on(TradingState.Event.MAX_DRAWDOWN))
        .contains(TradingState.REDUCING);
    assertThat(TradingState.REDUCING.on(TradingState.Event.DAILY_LOSS_LIMIT))
        .contains(TradingState.HALTED);
    assertThat(TradingState.HALTED.on(TradingState.Event.RESET)).contains(TradingState.ACTIVE);
    // Latched: nothing but a reset leaves HALTED, nothing automatic loosens a state.
    assertThat(TradingState.HALTED.moves()).containsOnlyKeys(TradingState.Event.RESET);
    assertThat(TradingState.REDUCING.on(TradingState.Event.MAX_DRAWDOWN)).isEmpty();
    assertThat(TradingState.REDUCING.on(TradingState.Event.REDUCE)).isEmpty();
    assertThat(TradingState.ACTIVE.on(TradingState.Event.RESET)).isEmpty();
    for (TradingState from : TradingState.values()) {
      from.moves()
          .forEach(
              (event, to) -> {
                if (event != TradingState.Event.RESET) {
                  assertThat(to.ordinal()).as(from + " on " + event).isGreaterThan(from.ordinal());
                } else {
                  assertThat(to).isEqualTo(TradingState.ACTIVE);
                }
              });
    }
  }

  @Test
  void anEndedOrderNeverMovesAndAWorkingOneNeverGoesBack() {
    for (OrderStatus s : OrderStatus.values()) {
      assertThat(s.isTerminal()).as(s.name()).isEqualTo(s.next().isEmpty());
      assertThat(s.canMoveTo(OrderStatus.NEW)).as(s + " -> NEW").isFalse();
    }
    assertThat(OrderStatus.values())
        .filteredOn(OrderStatus::endedEarly)
        .containsExactlyInAnyOrder(OrderStatus.CANCELED, OrderStatus.EXPIRED, OrderStatus.REJECTED);
    assertThat(OrderStatus.PARTIALLY_FILLED.canMoveTo(OrderStatus.ACCEPTED)).isFalse();
    assertThat(OrderStatus.PARTIALLY_FILLED.canMoveTo(OrderStatus.PARTIALLY_FILLED)).isTrue();
    assertThat(OrderStatus.NEW.canMoveTo(OrderStatus.FILLED)).isTrue();
    assertThat(OrderStatus.movesAsSqlRows())
        .startsWith("('NEW', 'ACCEPTED'), ")
        .doesNotContain("('FILLED',");
    Order o = Order.market("a", "BTCUSD", 1L, Side.BUY, java.math.BigDecimal.ONE);
    assertThat(o.open()).isTrue();
    assertThat(o.withStatus(OrderStatus.EXPIRED, java.math.BigDecimal.ZERO, "x").open()).isFalse();
  }

  @Test
  void refusalCodesAreUniqueReadBackFromReasonsAndEachIsInTheDocumentedTable() throws Exception {
    Set<String> codes =
        Arrays.stream(Refusal.values()).map(Refusal::code).collect(Collectors.toSet());
    assertThat(codes).hasSize(Refusal.values().length);
    for (Refusal r : Refusal.values()) {
      assertThat(Refusal.of(r.because("some detail: with a colon"))).contains(r);
    }
    assertThat(Refusal.of("ok; volatility-scaled x0.50")).isEmpty();
    assertThat(Refusal.of("nonsense: x")).isEmpty();

    Path doc = Path.of("").toAbsolutePath();
    while (!Files.exists(doc.resolve("docs/operations.md"))) {
      doc = doc.getParent();
    }
    String text = Files.readString(doc.resolve("docs/operations.md"));
    String table =
        text.substring(
            text.indexOf("### Risk rules and their defaults"),
            text.indexOf("### ", text.indexOf("### Risk rules and their defaults") + 4));
    Matcher m = Pattern.compile("(?m)^\\| `([a-z-]+)` \\|").matcher(table);
    Set<String> documented = new TreeSet<>();
    while (m.find()) {
      documented.add(m.group(1));
    }
    assertThat(documented).containsExactlyInAnyOrderElementsOf(new TreeSet<>(codes));
  }
}
