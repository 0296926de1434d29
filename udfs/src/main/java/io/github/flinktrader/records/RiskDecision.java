package io.github.flinktrader.records;

import java.math.BigDecimal;

/**
 * The risk gate's decision on one order intent, kept for audit whether approved or not.
 *
 * @param reason why it was rejected, or {@code ok} (with any adjustment, e.g. {@code ok;
 *     volatility-scaled x0.50})
 * @param quantity the quantity approved (after any volatility scaling) or asked for when rejected
 * @param notional unsigned order value at the reference price
 * @param positionBefore signed position before the order
 * @param positionAfter signed position after the decision: as if the order fills completely when
 *     approved, unchanged when rejected
 * @param requestedQuantity what the strategy asked for, before any scaling
 * @param modelVersion the model whose forecast led to the order
 * @param forecastBarEnd the bar end of that forecast: with the symbol it finds the forecast and the
 *     feature vector it was made from ({@code forecasts}, {@code features})
 * @param tradingState the account's trading state when the gate decided
 */
public record RiskDecision(
    String clientOrderId,
    String symbol,
    long decisionTime,
    RiskVerdict verdict,
    String reason,
    Side side,
    BigDecimal quantity,
    BigDecimal referencePrice,
    BigDecimal notional,
    BigDecimal positionBefore,
    BigDecimal positionAfter,
    BigDecimal requestedQuantity,
    String modelVersion,
    long forecastBarEnd,
    TradingState tradingState)
    implements Event {

  @Override
  public String key() {
    return symbol;
  }

  @Override
  public long eventTime() {
    return decisionTime;
  }

  public boolean approved() {
    return verdict == RiskVerdict.APPROVED;
  }

  /** Why the gate refused the order; empty when it approved it. */
  public java.util.Optional<Refusal> refusal() {
    return approved() ? java.util.Optional.empty() : Refusal.of(reason);
  }

  /** The reason without its code: what was measured against which limit. */
  public String detail() {
    int colon = reason == null ? -1 : reason.indexOf(": ");
    return colon < 0 ? reason : reason.substring(colon + 2);
  }
}
