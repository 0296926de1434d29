package io.github.flinktrader.execution.alpaca;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.http.Secrets;
import io.github.flinktrader.records.Order;
import io.github.flinktrader.records.OrderStatus;
import io.github.flinktrader.records.OrderType;
import io.github.flinktrader.records.Side;
import java.math.BigDecimal;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The order payloads sent to Alpaca's {@code POST /v2/orders}, field by field. */
class AlpacaOrderJsonTest {

  private final AlpacaClient client =
      new AlpacaClient(
          URI.create("http://127.0.0.1:1"),
          new Secrets(Map.of("K", "k")).require("K"),
          new Secrets(Map.of("S", "s")).require("S"),
          AlpacaClient.defaultPolicy(),
          Map.of("BRK.B", "BRK.B"));

  private static Order order(OrderType type, String limit, String stop, String tp, String sl) {
    return new Order(
        "id-1",
        "AAPL",
        1L,
        Side.SELL,
        type,
        new BigDecimal("3"),
        limit == null ? null : new BigDecimal(limit),
        stop == null ? null : new BigDecimal(stop),
        tp == null ? null : new BigDecimal(tp),
        sl == null ? null : new BigDecimal(sl),
        null,
        OrderStatus.NEW,
        BigDecimal.ZERO,
        null,
        null);
  }

  @Test
  void marketOrdersOfCryptoPairsUseAlpacasSymbolAndGtc() {
    var json =
        client.orderJson(Order.market("c-1", "BTCUSD", 1L, Side.BUY, new BigDecimal("0.25")));
    assertThat(json.toString())
        .isEqualTo(
            "{\"symbol\":\"BTC/USD\",\"qty\":\"0.25\",\"side\":\"buy\",\"type\":\"market\","
                + "\"time_in_force\":\"gtc\",\"client_order_id\":\"c-1\"}");
  }

  @Test
  void limitStopAndStopLimitCarryTheirPrices() {
    assertThat(client.orderJson(order(OrderType.LIMIT, "190.5", null, null, null)).toString())
        .contains("\"type\":\"limit\"", "\"limit_price\":\"190.5\"", "\"time_in_force\":\"day\"")
        .doesNotContain("stop_price");
    assertThat(client.orderJson(order(OrderType.STOP, null, "180", null, null)).toString())
        .contains("\"type\":\"stop\"", "\"stop_price\":\"180\"")
        .doesNotContain("limit_price");
    assertThat(client.orderJson(order(OrderType.STOP_LIMIT, "179", "180", null, null)).toString())
        .contains("\"type\":\"stop_limit\"", "\"limit_price\":\"179\"", "\"stop_price\":\"180\"");
  }

  @Test
  void aBracketOrderCarriesItsTwoLegs() {
    String json = client.orderJson(order(OrderType.LIMIT, "190", null, "200", "185")).toString();
    assertThat(json)
        .contains(
            "\"order_class\":\"bracket\"",
            "\"take_profit\":{\"limit_price\":\"200\"}",
            "\"stop_loss\":{\"stop_price\":\"185\"}",
            "\"side\":\"sell\"",
            "\"client_order_id\":\"id-1\"");
  }
}
