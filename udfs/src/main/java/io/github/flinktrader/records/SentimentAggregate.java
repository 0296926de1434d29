package io.github.flinktrader.records;

import java.util.Optional;

/**
 * What the social stream said about one symbol in one event-time window: counts by class, the mean
 * score, its exponential smoothing and momentum, and an anomaly flag when post volume or the mean
 * score jumps beyond a z-score against the symbol's own recent history.
 *
 * @param windowStart inclusive, epoch milliseconds
 * @param windowEnd exclusive
 * @param meanScore mean signed score of the window's scores, in [-1, 1]
 * @param smoothedScore exponentially smoothed mean score, over windows with posts
 * @param momentum change of {@code smoothedScore} from the previous window with posts
 * @param volumeZ z-score of {@code total} against the exponentially weighted mean and variance of
 *     earlier windows (empty windows count as zero posts); 0 until there is enough history
 * @param meanZ z-score of {@code meanScore} likewise, over earlier windows with posts
 * @param anomaly {@code |volumeZ|} or {@code |meanZ|} beyond the configured threshold
 * @param fallbacks scores in the window that are the model's neutral stand-ins (counted as neutral)
 */
public record SentimentAggregate(
    String symbol,
    long windowStart,
    long windowEnd,
    long bullish,
    long bearish,
    long neutral,
    long total,
    double meanScore,
    double smoothedScore,
    double momentum,
    double volumeZ,
    double meanZ,
    boolean anomaly,
    long fallbacks,
    String modelVersion)
    implements Event {

  @Override
  public String key() {
    return symbol;
  }

  /** The last millisecond of the window: when it is complete. */
  @Override
  public long eventTime() {
    return windowEnd - 1;
  }

  /** Sum of the window's scores. */
  public double scoreSum() {
    return meanScore * total;
  }

  @Override
  public Optional<String> violation() {
    return Checks.firstOf(
        Checks.symbol("symbol", symbol),
        Checks.positiveTime("windowStart", windowStart),
        windowEnd > windowStart ? null : "windowEnd must be after windowStart",
        bullish >= 0 && bearish >= 0 && neutral >= 0 ? null : "counts must not be negative",
        total == bullish + bearish + neutral ? null : "total must be the sum of the counts",
        total > 0 ? null : "a window without scores is not emitted",
        fallbacks >= 0 && fallbacks <= neutral ? null : "fallbacks must be among the neutral",
        meanScore >= -1 && meanScore <= 1 ? null : "meanScore must be in [-1,1]",
        Double.isFinite(smoothedScore) && Double.isFinite(momentum) ? null : "not finite",
        Double.isFinite(volumeZ) && Double.isFinite(meanZ) ? null : "z-scores not finite",
        Checks.notBlank("modelVersion", modelVersion));
  }
}
