package io.github.flinktrader.records;

import java.util.Optional;

/**
 * Why the risk gate refused an order: the code a {@link RiskDecision}'s reason starts with ({@code
 * code: detail}). Dashboards, alerts and tests match on the code; the detail says what was measured
 * against which limit. The table of risk rules in {@code docs/operations.md} is checked against
 * this enum.
 */
public enum Refusal {
  HALTED("halted", "everything while the account is HALTED, even reducing orders"),
  MALFORMED_ORDER("malformed-order", "an order that is not well formed"),
  PRECISION("precision", "a quantity with more decimals than the lot size"),
  SYMBOL_HALTED("symbol-halted", "new orders in a halted symbol"),
  VOLATILITY_HALT("volatility-halt", "orders in a symbol after a price move"),
  STALE_FORECAST("stale-forecast", "a forecast too far behind the symbol's newest bar"),
  MARKET_CLOSED("market-closed", "orders outside the exchange calendar's session"),
  NO_REFERENCE_PRICE("no-reference-price", "an order in a symbol without a last trade price"),
  PRICE_COLLAR("price-collar", "a reference price too far from the last trade"),
  REDUCE_ONLY("reduce-only", "orders that add risk while the account is REDUCING"),
  COOLDOWN("cooldown", "orders that add risk after a losing streak"),
  VOLATILITY_LIMIT("volatility-limit", "orders past the volatility-scaled target position"),
  MAX_ORDER_QUANTITY("max-order-quantity", "the quantity of one order"),
  MAX_ORDER_NOTIONAL("max-order-notional", "the value of one order"),
  POSITION_LIMIT("position-limit", "|position| x price per symbol"),
  NO_EQUITY("no-equity", "orders that add risk when equity is zero or less"),
  CONCENTRATION("concentration", "one symbol's share of equity"),
  SECTOR_ALLOCATION("sector-allocation", "one sector's share of equity"),
  BUYING_POWER("buying-power", "exposure added beyond the buying power left"),
  ORDER_RATE_SYMBOL("order-rate-symbol", "orders per symbol in the last minute"),
  ORDER_RATE_ACCOUNT("order-rate-account", "orders per account in the last minute"),
  DAILY_ORDER_CAP("daily-order-cap", "orders per UTC day");

  private final String code;
  private final String refuses;

  Refusal(String code, String refuses) {
    this.code = code;
    this.refuses = refuses;
  }

  /** The code as it appears in reasons, metrics and dashboards: {@code price-collar}. */
  public String code() {
    return code;
  }

  /** What the rule refuses, in a few words. */
  public String refuses() {
    return refuses;
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
