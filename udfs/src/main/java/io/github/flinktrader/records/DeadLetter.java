package io.github.flinktrader.records;

/**
 * An input that could not be processed, kept with the reason so nothing is dropped silently.
 *
 * @param stage which operator refused it, e.g. {@code ingest.parse-trades}
 * @param reason a short, stable reason code, e.g. {@code malformed-json}
 * @param detail a human-readable explanation
 * @param payload the original payload as text (UTF-8, invalid bytes replaced)
 */
public record DeadLetter(
    String stage,
    String sourceTopic,
    int partition,
    long offset,
    long time,
    String reason,
    String detail,
    String payload)
    implements Event {

  @Override
  public String key() {
    return stage;
  }

  @Override
  public long eventTime() {
    return time;
  }
}
