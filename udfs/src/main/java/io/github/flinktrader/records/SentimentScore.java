package io.github.flinktrader.records;

import java.util.Optional;

/**
 * The sentiment of one post towards one symbol.
 *
 * @param score signed score in [-1, 1]
 * @param confidence the model's probability of its most likely class, in [0, 1]; {@code label} is
 *     {@code NEUTRAL} when that is below the model's threshold
 * @param fallback true when the model gave no answer in time and this is the defined neutral
 *     stand-in (confidence 0), counted in {@code sentimentFallbacks}
 */
public record SentimentScore(
    String postId,
    String symbol,
    long time,
    SentimentLabel label,
    double confidence,
    double score,
    String modelVersion,
    boolean fallback)
    implements Event {

  @Override
  public String key() {
    return symbol;
  }

  @Override
  public long eventTime() {
    return time;
  }

  @Override
  public Optional<String> violation() {
    return Checks.firstOf(
        Checks.notBlank("postId", postId),
        Checks.symbol("symbol", symbol),
        Checks.positiveTime("time", time),
        Checks.notNull("label", label),
        confidence >= 0 && confidence <= 1 ? null : "confidence must be in [0,1]",
        score >= -1 && score <= 1 ? null : "score must be in [-1,1]",
        Checks.notBlank("modelVersion", modelVersion));
  }
}
