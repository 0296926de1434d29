package io.github.flinktrader.ingest;

import io.github.flinktrader.flink.DeadLetterMetrics;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.serde.DeadLetters;
import io.github.flinktrader.serde.ParseEvents;
import java.math.BigDecimal;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The price band of {@link MarketSanity} for bars that arrive as bars (Polygon's per-minute
 * aggregates), per symbol: the bar's price furthest from the last good close (its open, high, low
 * or close) must lie within {@link IngestRules#priceBand()}, or the bar is a {@code price-band}
 * dead letter; {@link IngestRules#bandConfirmations()} bars in a row that agree outside the band
 * are a real move, and the last good close follows them.
 */
public final class BarSanity extends KeyedProcessFunction<String, MinuteBar, MinuteBar> {

  private static final long serialVersionUID = 1L;

  private final String stage;
  private final PriceBand band;
  private transient DeadLetterMetrics deadLetters;

  public BarSanity(IngestRules rules, String stage) {
    this.stage = stage;
    this.band = new PriceBand(rules.priceBand(), rules.bandConfirmations());
  }

  @Override
  public void open(OpenContext ctx) {
    band.open(getRuntimeContext());
    deadLetters = new DeadLetterMetrics(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement(MinuteBar bar, Context ctx, Collector<MinuteBar> out)
      throws Exception {
    BigDecimal reference = band.reference();
    BigDecimal probe = reference == null ? bar.close() : furthest(bar, reference);
    Optional<String> outside = band.check(probe, bar.close());
    if (outside.isPresent()) {
      deadLetters.inc("price-band");
      ctx.output(
          ParseEvents.DEAD_LETTERS,
          DeadLetters.refused(
              stage,
              Math.min(bar.eventTime(), System.currentTimeMillis()),
              "price-band",
              outside.get(),
              bar));
      return;
    }
    out.collect(bar);
  }

  private static BigDecimal furthest(MinuteBar bar, BigDecimal reference) {
    BigDecimal far = bar.close();
    for (BigDecimal p : new BigDecimal[] {bar.open(), bar.high(), bar.low()}) {
      if (PriceBand.distance(p, reference) > PriceBand.distance(far, reference)) {
        far = p;
      }
    }
    return far;
  }
}
