package io.github.flinktrader.records;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * An order approved by the risk gate, and its later states as the broker reports them.
 *
 * @param type market, limit, stop or stop-limit
 * @param limitPrice for limit and stop-limit orders, else null
 * @param stopPrice for stop and stop-limit orders, else null
 * @param takeProfitLimit with {@code stopLossStop}, makes a bracket order: the limit price of the
 *     take-profit leg, else null
 * @param stopLossStop the stop price of a bracket order's stop-loss leg, else null
 * @param parentClientOrderId for a child order of an iceberg, the parent's id, else null
 * @param filledQuantity how much of it has filled so far
 * @param reason why the broker rejected or cancelled it, else null
 * @param displayQuantity for an iceberg, the most shown at once: the broker works it as child
 *     orders of at most this size ({@code <id>-1}, {@code <id>-2}, ...), each sent when the one
 *     before has filled; null for an ordinary order
 */
public record Order(
    String clientOrderId,
    String symbol,
    long submittedAt,
    Side side,
    OrderType type,
    BigDecimal quantity,
    BigDecimal limitPrice,
    BigDecimal stopPrice,
    BigDecimal takeProfitLimit,
    BigDecimal stopLossStop,
    String parentClientOrderId,
    OrderStatus status,
    BigDecimal filledQuantity,
    String reason,
    BigDecimal displayQuantity)
    implements Event {

  /** A new market order. */
  public static Order market(
      String clientOrderId, String symbol, long submittedAt, Side side, BigDecimal quantity) {
    return new Order(
        clientOrderId,
        symbol,
        submittedAt,
        side,
        OrderType.MARKET,
        quantity,
        null,
        null,
        null,
        null,
        null,
        OrderStatus.NEW,
        BigDecimal.ZERO,
        null,
        null);
  }

  /** The same order as an iceberg showing at most {@code display} at a time. */
  public Order asIceberg(BigDecimal display) {
    return new Order(
        clientOrderId,
        symbol,
        submittedAt,
        side,
        type,
        quantity,
        limitPrice,
        stopPrice,
        takeProfitLimit,
        stopLossStop,
        parentClientOrderId,
        status,
        filledQuantity,
        reason,
        display);
  }

  public boolean iceberg() {
    return displayQuantity != null && displayQuantity.compareTo(quantity) < 0;
  }

  /**
   * Child {@code k} (from 1) of this iceberg: the next slice of what is left, at most the display
   * quantity, with the id {@code <parent id>-<k>}.
   */
  public Order child(int k) {
    BigDecimal left = quantity.subtract(filledQuantity);
    return new Order(
        clientOrderId + "-" + k,
        symbol,
        submittedAt,
        side,
        type,
        left.min(displayQuantity),
        limitPrice,
        stopPrice,
        null,
        null,
        clientOrderId,
        OrderStatus.NEW,
        BigDecimal.ZERO,
        null,
        null);
  }

  /** The same order in another state. */
  public Order withStatus(OrderStatus newStatus, BigDecimal filled, String why) {
    return new Order(
        clientOrderId,
        symbol,
        submittedAt,
        side,
        type,
        quantity,
        limitPrice,
        stopPrice,
        takeProfitLimit,
        stopLossStop,
        parentClientOrderId,
        newStatus,
        filled,
        why,
        displayQuantity);
  }

  public boolean bracket() {
    return takeProfitLimit != null && stopLossStop != null;
  }

  public boolean open() {
    return !status.isTerminal();
  }

  @Override
  public String key() {
    return symbol;
  }

  @Override
  public long eventTime() {
    return submittedAt;
  }

  @Override
  public Optional<String> violation() {
    return Checks.firstOf(
        Checks.notBlank("clientOrderId", clientOrderId),
        clientOrderId != null && clientOrderId.length() > OrderIntent.MAX_CLIENT_ORDER_ID_LENGTH
            ? "clientOrderId longer than " + OrderIntent.MAX_CLIENT_ORDER_ID_LENGTH
            : null,
        Checks.symbol("symbol", symbol),
        Checks.positiveTime("submittedAt", submittedAt),
        Checks.notNull("side", side),
        Checks.notNull("type", type),
        Checks.positive("quantity", quantity),
        (type == OrderType.LIMIT || type == OrderType.STOP_LIMIT) && limitPrice == null
            ? type + " order needs a limit price"
            : null,
        (type == OrderType.STOP || type == OrderType.STOP_LIMIT) && stopPrice == null
            ? type + " order needs a stop price"
            : null,
        (takeProfitLimit == null) != (stopLossStop == null)
            ? "a bracket order needs both a take-profit limit and a stop-loss stop"
            : null,
        displayQuantity != null && displayQuantity.signum() <= 0
            ? "displayQuantity must be positive"
            : null,
        Checks.notNull("status", status));
  }
}
