package io.github.flinktrader.execution;

import io.github.flinktrader.records.TradingState;
import io.github.flinktrader.serde.TypedStateSerializer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * What the risk gate knows about one account: its trading state, the position in every symbol as
 * the approved orders add up to (pre-trade exposure counts an order from the moment it is
 * approved), the cash those orders move at their reference prices, the last trade price and
 * realized volatility of every symbol, the order times the throttles count, and the alerts in
 * force. Kept in keyed state as a Flink POJO ({@link #stateSerializer}): a field may be added
 * across releases (Flink's POJO schema evolution gives it its default on restore), and what release
 * 0.1.0 kept as JSON still reads.
 */
public final class RiskBook {

  public TradingState state = TradingState.ACTIVE;
  public String stateTrigger = "start";

  /** Net cash moved by approved orders at their reference prices (sells add, buys subtract). */
  public BigDecimal cashFlow = BigDecimal.ZERO;

  /** UTC day (epoch day) the daily counters belong to; -1 before the first bar or order. */
  public long day = -1;

  public BigDecimal dayStartEquity;
  public int dayOrders;
  public BigDecimal peakEquity;

  /** Decision times of the account's recent orders, ascending (the last minute's are kept). */
  public List<Long> orderTimes = new ArrayList<>();

  /** By symbol, in no particular order (nothing the gate decides depends on it). */
  public Map<String, SymbolBook> symbols = new HashMap<>();

  /** One symbol's part of the book. */
  public static final class SymbolBook {
    public BigDecimal position = BigDecimal.ZERO;

    /** Close of the newest bar, the reference for the price collar; null before the first bar. */
    public BigDecimal lastPrice;

    public long lastBarEnd;

    /** Exponentially weighted variance of one-minute log returns. */
    public double ewVariance;

    public int bars;

    /** The newest forecast acted on: an older or repeated one never trades twice. */
    public long lastDecisionTime = Long.MIN_VALUE;

    public boolean halted;
    public String haltReason;
    public long volatilityHaltUntil;
    public long throttleUntil;
    public long cooldownUntil;
    public List<Long> orderTimes = new ArrayList<>();
  }

  public SymbolBook symbol(String symbol) {
    return symbols.computeIfAbsent(symbol, s -> new SymbolBook());
  }

  /** Equity at the last prices: starting equity + cash flow + sum of position x last price. */
  public BigDecimal equity(BigDecimal startingEquity) {
    BigDecimal e = startingEquity.add(cashFlow);
    for (SymbolBook s : symbols.values()) {
      if (s.lastPrice != null && s.position.signum() != 0) {
        e = e.add(s.position.multiply(s.lastPrice));
      }
    }
    return e;
  }

  /** Sum of |position| x last price over all symbols, or over one sector. */
  public BigDecimal grossExposure(RiskLimits limits, String sectorOrNull) {
    BigDecimal g = BigDecimal.ZERO;
    for (Map.Entry<String, SymbolBook> e : symbols.entrySet()) {
      SymbolBook s = e.getValue();
      if (s.lastPrice == null || s.position.signum() == 0) {
        continue;
      }
      if (sectorOrNull == null || sectorOrNull.equals(limits.sectorOf(e.getKey()))) {
        g = g.add(s.position.abs().multiply(s.lastPrice));
      }
    }
    return g;
  }

  /**
   * The book's state serializer: Flink's POJO serializer for it, reading release 0.1.0's JSON too.
   */
  static TypeSerializer<RiskBook> stateSerializer(RuntimeContext context) {
    return TypedStateSerializer.of(
        context.createSerializer(TypeInformation.of(RiskBook.class)), RiskBook.class);
  }
}
