package io.github.flinktrader.execution.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * The fields of an Alpaca order the system uses (Alpaca sends numbers as strings).
 *
 * @param filledQty how much has filled so far
 * @param filledAvgPrice average price of the filled quantity, null before the first fill
 * @param status Alpaca's status: new, accepted, pending_new, partially_filled, filled, canceled,
 *     expired, rejected, ...
 */
public record AlpacaOrder(
    String id,
    String clientOrderId,
    String symbol,
    String side,
    BigDecimal qty,
    BigDecimal filledQty,
    BigDecimal filledAvgPrice,
    String status) {

  static AlpacaOrder from(JsonNode n) {
    return new AlpacaOrder(
        n.path("id").asText(),
        n.path("client_order_id").asText(),
        n.path("symbol").asText(),
        n.path("side").asText(),
        decimal(n, "qty"),
        decimal(n, "filled_qty"),
        decimal(n, "filled_avg_price"),
        n.path("status").asText());
  }

  static BigDecimal decimal(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull() || v.asText().isEmpty()) {
      return field.equals("filled_avg_price") ? null : BigDecimal.ZERO;
    }
    return new BigDecimal(v.asText());
  }

  public boolean terminal() {
    return switch (status) {
      case "filled", "canceled", "expired", "rejected", "done_for_day", "replaced" -> true;
      default -> false;
    };
  }
}
