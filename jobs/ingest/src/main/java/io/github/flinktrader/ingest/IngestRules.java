package io.github.flinktrader.ingest;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * What the ingest job admits, beyond each record's own checks: the event-time range, the symbols,
 * and the pre-trade market-data controls of {@link MarketSanity} (after FIA's recommendations for
 * data feeding automated trading: price bands, size bounds, duplicate detection).
 *
 * @param historyStart nothing before this instant is real data for this deployment
 * @param maxClockSkew how far in the future (by the task manager's clock) an event time may be
 * @param symbols the instruments traded; empty means any
 * @param priceBand a trade further than this share from its symbol's last good price is a {@code
 *     price-band} dead letter (0 switches the band off)
 * @param bandConfirmations this many trades in a row outside the band but within it of each other
 *     move the band to their level (a real gap: a reopening, a halt lifted); the first of them stay
 *     dead letters
 * @param maxTradeNotional a trade worth more than this (price x size, quote currency) is a {@code
 *     size-bound} dead letter
 * @param duplicateWindow a trade whose venue id (with its source) was seen for the symbol within
 *     this much event time is a {@code duplicate-trade} dead letter, counted once
 */
public record IngestRules(
    Instant historyStart,
    Duration maxClockSkew,
    Set<String> symbols,
    double priceBand,
    int bandConfirmations,
    BigDecimal maxTradeNotional,
    Duration duplicateWindow)
    implements Serializable {

  public static final double DEFAULT_PRICE_BAND = 0.20;
  public static final int DEFAULT_BAND_CONFIRMATIONS = 3;
  public static final BigDecimal DEFAULT_MAX_TRADE_NOTIONAL = new BigDecimal("1000000000");
  public static final Duration DEFAULT_DUPLICATE_WINDOW = Duration.ofMinutes(10);

  /** The given range and symbols, with the default market-data controls. */
  public IngestRules(Instant historyStart, Duration maxClockSkew, Set<String> symbols) {
    this(
        historyStart,
        maxClockSkew,
        symbols,
        DEFAULT_PRICE_BAND,
        DEFAULT_BAND_CONFIRMATIONS,
        DEFAULT_MAX_TRADE_NOTIONAL,
        DEFAULT_DUPLICATE_WINDOW);
  }

  /**
   * Anything from 2010 on, at most a minute ahead of the clock, any symbol; a 20% price band moved
   * by 3 confirming trades, trades up to one billion, duplicates within 10 minutes.
   */
  public static IngestRules defaults() {
    return new IngestRules(Instant.parse("2010-01-01T00:00:00Z"), Duration.ofMinutes(1), Set.of());
  }
}
