package io.github.flinktrader.ingest;

import io.github.flinktrader.flink.DeadLetterMetrics;
import io.github.flinktrader.records.Trade;
import io.github.flinktrader.serde.DeadLetters;
import io.github.flinktrader.serde.ParseEvents;
import java.math.BigDecimal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Pre-trade market-data controls per symbol, between admission and the minute bars: a print far
 * from the market is not a price to build a bar, a feature or an order on. Refused trades go to the
 * dead letters with the trade:
 *
 * <ul>
 *   <li>{@code size-bound}: worth more than {@link IngestRules#maxTradeNotional()};
 *   <li>{@code duplicate-trade}: the same source and venue trade id seen for the symbol within
 *       {@link IngestRules#duplicateWindow()} of event time (a redelivery: counted once);
 *   <li>{@code price-band}: further than {@link IngestRules#priceBand()} from the last good price.
 *       {@link IngestRules#bandConfirmations()} trades in a row outside the band that agree with
 *       each other are a real move, not a bad print: the last of them is accepted and becomes the
 *       reference.
 * </ul>
 *
 * State per symbol: the last good price, the pending out-of-band level and its count, and the trade
 * ids of the duplicate window (pruned as event time moves on, never more than one window's worth).
 */
public final class MarketSanity extends KeyedProcessFunction<String, Trade, Trade> {

  private static final long serialVersionUID = 1L;

  private final IngestRules rules;
  private final String stage;
  private final PriceBand band;

  private transient MapState<String, Long> recentIds;
  private transient ValueState<Long> prunedAt;
  private transient DeadLetterMetrics deadLetters;

  public MarketSanity(IngestRules rules, String stage) {
    this.rules = rules;
    this.stage = stage;
    this.band = new PriceBand(rules.priceBand(), rules.bandConfirmations());
  }

  @Override
  public void open(OpenContext ctx) {
    band.open(getRuntimeContext());
    recentIds =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("recent-trade-ids", Types.STRING, Types.LONG));
    prunedAt = getRuntimeContext().getState(new ValueStateDescriptor<>("pruned-at", Types.LONG));
    deadLetters = new DeadLetterMetrics(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement(Trade t, Context ctx, Collector<Trade> out) throws Exception {
    BigDecimal notional = t.price().multiply(t.size());
    if (notional.compareTo(rules.maxTradeNotional()) > 0) {
      refuse(
          t,
          ctx,
          "size-bound",
          "worth "
              + notional.toPlainString()
              + ", more than the bound of "
              + rules.maxTradeNotional().toPlainString());
      return;
    }
    if (isDuplicate(t)) {
      refuse(
          t,
          ctx,
          "duplicate-trade",
          "trade id "
              + t.tradeId()
              + " from "
              + t.source()
              + " was already taken for "
              + t.symbol());
      return;
    }
    if (!withinBand(t, ctx)) {
      return;
    }
    out.collect(t);
  }

  private boolean isDuplicate(Trade t) throws Exception {
    long window = rules.duplicateWindow().toMillis();
    if (window <= 0) {
      return false;
    }
    String id = t.source() + "|" + t.tradeId();
    Long seen = recentIds.get(id);
    if (seen != null && Math.abs(t.timestamp() - seen) <= window) {
      return true;
    }
    recentIds.put(id, t.timestamp());
    // Prune once per window of event time: what is older than a window can no longer match.
    Long last = prunedAt.value();
    if (last == null) {
      prunedAt.update(t.timestamp());
    } else if (t.timestamp() - last > window) {
      var it = recentIds.iterator();
      while (it.hasNext()) {
        if (t.timestamp() - it.next().getValue() > window) {
          it.remove();
        }
      }
      prunedAt.update(t.timestamp());
    }
    return false;
  }

  private boolean withinBand(Trade t, Context ctx) throws Exception {
    java.util.Optional<String> outside = band.check(t.price(), t.price());
    outside.ifPresent(why -> refuse(t, ctx, "price-band", why));
    return outside.isEmpty();
  }

  private void refuse(Trade t, Context ctx, String reason, String detail) {
    ctx.output(
        ParseEvents.DEAD_LETTERS,
        DeadLetters.refused(
            stage, Math.min(t.timestamp(), System.currentTimeMillis()), reason, detail, t));
    deadLetters.inc(reason);
  }
}
