package io.github.flinktrader.ingest;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Optional;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * A price band against the last good price of a key (a symbol), on the keyed state of the operator
 * that opens it: a price further than {@code band} (a fraction) from the reference is refused,
 * unless {@code confirmations} prices in a row outside the band agree with each other, which is a
 * real move rather than a bad print: the last of them is accepted and the reference follows. Used
 * on trades ({@link MarketSanity}) and on a connector's bars ({@link BarSanity}).
 */
final class PriceBand implements Serializable {

  private static final long serialVersionUID = 1L;

  private final double band;
  private final int confirmations;

  private transient ValueState<BigDecimal> lastGood;
  private transient ValueState<BigDecimal> pending;
  private transient ValueState<Integer> pendingCount;

  PriceBand(double band, int confirmations) {
    this.band = band;
    this.confirmations = confirmations;
  }

  void open(RuntimeContext rc) {
    lastGood = rc.getState(new ValueStateDescriptor<>("last-good-price", Types.BIG_DEC));
    pending = rc.getState(new ValueStateDescriptor<>("out-of-band-level", Types.BIG_DEC));
    pendingCount = rc.getState(new ValueStateDescriptor<>("out-of-band-count", Types.INT));
  }

  /** The last good price of the current key, or null before the first. */
  BigDecimal reference() throws Exception {
    return lastGood.value();
  }

  /**
   * Empty when {@code price} is within the band of the reference (or confirms a move), and then
   * {@code next} becomes the reference; otherwise why it is refused.
   */
  Optional<String> check(BigDecimal price, BigDecimal next) throws Exception {
    BigDecimal reference = lastGood.value();
    if (band <= 0 || reference == null || near(price, reference)) {
      accept(next);
      return Optional.empty();
    }
    BigDecimal level = pending.value();
    int count = level != null && near(price, level) ? pendingCount.value() + 1 : 1;
    if (count >= confirmations) {
      accept(next);
      return Optional.empty();
    }
    pending.update(level != null && count > 1 ? level : price);
    pendingCount.update(count);
    return Optional.of(
        "price "
            + price.toPlainString()
            + " is more than "
            + Math.round(band * 100)
            + "% from the last good price "
            + reference.toPlainString()
            + " ("
            + count
            + " of "
            + confirmations
            + " confirming)");
  }

  /** How far {@code price} is from {@code reference}, as the log of their ratio. */
  static double distance(BigDecimal price, BigDecimal reference) {
    return Math.abs(Math.log(price.doubleValue() / reference.doubleValue()));
  }

  private void accept(BigDecimal price) throws Exception {
    lastGood.update(price);
    pending.clear();
    pendingCount.clear();
  }

  private boolean near(BigDecimal price, BigDecimal reference) {
    return distance(price, reference) <= Math.log1p(band);
  }
}
