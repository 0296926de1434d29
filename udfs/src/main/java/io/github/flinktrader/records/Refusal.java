package io.github.flinktrader.records;

import java.util.Optional;

/**
 * Why the risk gate refused an order: the code a {@link RiskDecision}'s reason starts with ({@code
 * code: detail}). Dashboards, alerts and tests match on the code; the detail says what was measured
 * against which limit. The table of risk rules in {@code docs/operations.md} is checked against
 * this enum.
 */
public enum Refusal {
  HALTED("halted"),
  MALFORMED_ORDER("malformed-order"),
  PRECISION("precision"),
  SYMBOL_HALTED("symbol-halted"),
  VOLATILITY_HALT("volatility-halt"),
  STALE_FORECAST("stale-forecast"),
  MARKET_CLOSED("market-closed"),
  NO_REFERENCE_PRICE("no-reference-price"),
  PRICE_COLLAR("price-collar"),
  REDUCE_ONLY("reduce-only"),
  COOLDOWN("cooldown"),
  VOLATILITY_LIMIT("volatility-limit"),
  MAX_ORDER_QUANTITY("max-order-quantity"),
  MAX_ORDER_NOTIONAL("max-order-notional"),
  POSITION_LIMIT("position-limit"),
  NO_EQUITY("no-equity"),
  CONCENTRATION("concentration"),
  SECTOR_ALLOCATION("sector-allocation"),
  BUYING_POWER("buying-power"),
  ORDER_RATE_SYMBOL("order-rate-symbol"),
  ORDER_RATE_ACCOUNT("order-rate-account"),
  DAILY_ORDER_CAP("daily-order-cap");

  private final String code;

  Refusal(String code) {
    this.code = code;
  }

  /** The code as it appears in reasons, metrics and dashboards: {@code price-collar}. */
  public String code() {
    return code;
  }

  /** The decision's reason: {@code code: detail}. */
  public String because(String detail) {
    return code + ": " + detail;
  }

  /** The refusal a reason starts with, if any ({@code ok} and unknown codes have none). */
  public static Optional<Refusal> of(String reason) {
    if (reason == null) {
      return Optional.empty();
    }
    int colon = reason.indexOf(':');
    String code = colon < 0 ? reason : reason.substring(0, colon);
    for (Refusal r : values()) {
      if (r.code.equals(code)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
