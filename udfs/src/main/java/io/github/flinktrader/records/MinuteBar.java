package io.github.flinktrader.records;

import io.github.flinktrader.serde.MinuteBarSerializer;
import java.math.BigDecimal;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * OHLCV over one event-time minute {@code [start, end)}; only minutes with trades have a bar.
 *
 * @param vwap volume-weighted average price over the minute
 * @param trades number of trades aggregated; 0 when the source does not say (some feeds only give
 *     an average trade size)
 */
@TypeInfo(MinuteBarSerializer.Factory.class) // compact decimals: see MinuteBarSerializer
public record MinuteBar(
    String symbol,
    long start,
    long end,
    BigDecimal open,
    BigDecimal high,
    BigDecimal low,
    BigDecimal close,
    BigDecimal volume,
    BigDecimal vwap,
    int trades)
    implements Event {

  @Override
  public String key() {
    return symbol;
  }

  /** The last millisecond the bar covers, as Flink's window timestamps use. */
  @Override
  public long eventTime() {
    return end - 1;
  }

  @Override
  public Optional<String> violation() {
    Optional<String> basic =
        Checks.firstOf(
            Checks.symbol("symbol", symbol),
            Checks.positiveTime("start", start),
            end > start ? null : "end must be after start",
            start % 60_000L == 0 ? null : "start is not on a minute boundary",
            Checks.positive("open", open),
            Checks.positive("high", high),
            Checks.positive("low", low),
            Checks.positive("close", close),
            Checks.nonNegative("volume", volume),
            trades >= 0 ? null : "trades must not be negative");
    if (basic.isPresent()) {
      return basic;
    }
    if (high.compareTo(low) < 0
        || high.compareTo(open) < 0
        || high.compareTo(close) < 0
        || low.compareTo(open) > 0
        || low.compareTo(close) > 0) {
      return Optional.of("high/low do not bound open/close");
    }
    return Optional.empty();
  }
}
