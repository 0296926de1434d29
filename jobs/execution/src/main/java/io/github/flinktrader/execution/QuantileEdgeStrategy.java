package io.github.flinktrader.execution;

import io.github.flinktrader.records.Forecast;
import io.github.flinktrader.records.OrderIntent;
import io.github.flinktrader.records.Side;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * Trades the forecast's edge: expected return of the median over the P10-P90 width. The target
 * position grows with the edge beyond a threshold, up to the strategy's cap, and is flat when the
 * forecast is a fallback. Orders move the position toward the target by at most the order cap.
 */
public final class QuantileEdgeStrategy implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Room for an iceberg child's {@code -<k>} (up to 999 children) within 48 characters. */
  static final int MAX_PARENT_ID_LENGTH = OrderIntent.MAX_CLIENT_ORDER_ID_LENGTH - 4;

  private final StrategyConfig config;

  public QuantileEdgeStrategy(StrategyConfig config) {
    this.config = config;
  }

  public StrategyConfig config() {
    return config;
  }

  /**
   * The order the gate approved, as the broker should get it: whole, or as an iceberg when it is
   * worth more than the configured display size.
   */
  public io.github.flinktrader.records.Order order(OrderIntent i, BigDecimal quantity) {
    io.github.flinktrader.records.Order o =
        io.github.flinktrader.records.Order.market(
            i.clientOrderId(), i.symbol(), i.decisionTime(), i.side(), quantity);
    BigDecimal display = config.icebergDisplayNotional();
    if (display == null
        || display.signum() <= 0
        || quantity.multiply(i.referencePrice()).compareTo(display) <= 0) {
      return o;
    }
    BigDecimal shown =
        display.divide(i.referencePrice(), config.quantityScale(), RoundingMode.DOWN);
    return shown.signum() > 0 ? o.asIceberg(shown) : o;
  }

  /** The signed position the strategy wants after seeing {@code f}, in instrument units. */
  public BigDecimal targetPosition(Forecast f) {
    return targetPosition(f, false);
  }

  /** As above; a stale forecast, like a fallback, means flat. */
  public BigDecimal targetPosition(Forecast f, boolean stale) {
    if (f.fallback() || stale) {
      return BigDecimal.ZERO;
    }
    double ref = f.referencePrice().doubleValue();
    int h = Math.min(config.horizonIndex(), f.horizonsMinutes().length - 1);
    double median = f.price(h, f.quantileIndex(0.5));
    double width = f.price(h, f.quantileIndex(0.9)) - f.price(h, f.quantileIndex(0.1));
    if (!(width > 0)) {
      return BigDecimal.ZERO;
    }
    double edge = (median - ref) / width;
    double strength = Math.abs(edge) - config.edgeThreshold();
    if (!(strength > 0)) {
      return BigDecimal.ZERO;
    }
    double fraction = Math.signum(edge) * Math.min(1.0, strength * config.gain());
    // Sizing uses double for the signal only; the quantity is rounded down to the lot size in
    // decimal, so it never exceeds the cap.
    BigDecimal notional =
        config.maxPositionNotional().multiply(BigDecimal.valueOf(fraction), MathContext.DECIMAL64);
    return notional.divide(f.referencePrice(), config.quantityScale(), RoundingMode.DOWN);
  }

  /**
   * The order that moves {@code position} toward the target, or empty when none is worth sending.
   */
  public Optional<OrderIntent> decide(Forecast f, BigDecimal position) {
    return decide(f, position, false);
  }

  /**
   * As above; {@code stale} when the forecast is too old to act on (or trading is halted): the
   * target is then flat.
   */
  public Optional<OrderIntent> decide(Forecast f, BigDecimal position, boolean stale) {
    BigDecimal target = targetPosition(f, stale);
    BigDecimal delta = target.subtract(position);
    BigDecimal maxQty =
        config
            .maxOrderNotional()
            .divide(f.referencePrice(), config.quantityScale(), RoundingMode.DOWN);
    BigDecimal qty = delta.abs().min(maxQty).setScale(config.quantityScale(), RoundingMode.DOWN);
    if (qty.signum() == 0
        || qty.multiply(f.referencePrice()).compareTo(config.minOrderNotional()) < 0) {
      return Optional.empty();
    }
    Side side = delta.signum() > 0 ? Side.BUY : Side.SELL;
    return Optional.of(
        new OrderIntent(
            clientOrderId(config.strategyId(), f.symbol(), f.barEnd()),
            config.strategyId(),
            f.symbol(),
            f.barEnd(),
            side,
            qty,
            f.referencePrice(),
            target,
            f.modelVersion()));
  }

  /**
   * Deterministic from strategy, symbol and decision time, so a replay after a failure produces the
   * same id and the broker refuses the duplicate: {@code <strategy>-<symbol>-<time in base 36>}. At
   * most 44 characters, so an iceberg's children ({@code <id>-<k>}) stay within the brokers' 48: a
   * symbol too long for that is shortened to its first characters and a hash of the whole, which
   * keeps the id deterministic and unique per symbol.
   */
  static String clientOrderId(String strategyId, String symbol, long decisionTime) {
    String time = Long.toString(decisionTime, 36);
    String id = strategyId + "-" + symbol + "-" + time;
    if (id.length() <= MAX_PARENT_ID_LENGTH) {
      return id;
    }
    String hash = sha256Hex(symbol).substring(0, 8);
    int room = MAX_PARENT_ID_LENGTH - strategyId.length() - time.length() - 3 - 8;
    if (room < 1) {
      throw new IllegalArgumentException(
          "strategy id too long for a 48-character client order id: " + strategyId);
    }
    return strategyId
        + "-"
        + symbol.substring(0, Math.min(room, symbol.length()))
        + hash
        + "-"
        + time;
  }

  private static String sha256Hex(String s) {
    try {
      byte[] d =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
