package io.github.flinktrader.records;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * What a strategy wants to trade, before the risk gate has seen it.
 *
 * @param clientOrderId deterministic id (at most 48 characters) from strategy, symbol and decision
 *     time, so a replay produces the same ids and a broker refuses duplicates
 * @param decisionTime the event time of the forecast the decision was made on
 * @param quantity unsigned order quantity
 * @param referencePrice last known price, used for notional checks and simulated fills
 * @param targetPosition the signed position the strategy wants after the order
 * @param modelVersion the model whose forecast led to the decision
 */
public record OrderIntent(
    String clientOrderId,
    String strategy,
    String symbol,
    long decisionTime,
    Side side,
    BigDecimal quantity,
    BigDecimal referencePrice,
    BigDecimal targetPosition,
    String modelVersion)
    implements Event {

  public static final int MAX_CLIENT_ORDER_ID_LENGTH = 48;

  @Override
  public String key() {
    return symbol;
  }

  @Override
  public long eventTime() {
    return decisionTime;
  }

  /** The unsigned value of the order at the reference price. */
  public BigDecimal notional() {
    return quantity.multiply(referencePrice);
  }

  @Override
  public Optional<String> violation() {
    return Checks.firstOf(
        Checks.notBlank("clientOrderId", clientOrderId),
        clientOrderId != null && clientOrderId.length() > MAX_CLIENT_ORDER_ID_LENGTH
            ? "clientOrderId longer than " + MAX_CLIENT_ORDER_ID_LENGTH
            : null,
        Checks.symbol("symbol", symbol),
        Checks.positiveTime("decisionTime", decisionTime),
        Checks.notNull("side", side),
        Checks.positive("quantity", quantity),
        Checks.positive("referencePrice", referencePrice),
        Checks.notNull("targetPosition", targetPosition));
  }
}
