package io.github.flinktrader.execution.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One event of Alpaca's {@code trade_updates} stream.
 *
 * @param event new, fill, partial_fill, canceled, expired, rejected, ...
 * @param executionId unique per execution, for fill and partial_fill events
 * @param price the execution's price (fills only)
 * @param qty the execution's quantity (fills only)
 * @param time when it happened, epoch milliseconds
 * @param order the order after the event (its filled_qty includes this execution)
 */
public record TradeUpdate(
    String event,
    String executionId,
    BigDecimal price,
    BigDecimal qty,
    long time,
    AlpacaOrder order) {

  static TradeUpdate from(JsonNode data) {
    String ts = data.path("timestamp").asText("");
    long time = ts.isEmpty() ? System.currentTimeMillis() : Instant.parse(ts).toEpochMilli();
    JsonNode price = data.get("price");
    JsonNode qty = data.get("qty");
    return new TradeUpdate(
        data.path("event").asText(),
        data.path("execution_id").asText(null),
        price == null || price.isNull() ? null : new BigDecimal(price.asText()),
        qty == null || qty.isNull() ? null : new BigDecimal(qty.asText()),
        time,
        AlpacaOrder.from(data.path("order")));
  }

  public boolean isFill() {
    return "fill".equals(event) || "partial_fill".equals(event);
  }
}
