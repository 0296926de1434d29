package io.github.flinktrader.records;

import io.github.flinktrader.text.SafeText;

/**
 * An input that could not be processed, kept with the reason so nothing is dropped silently.
 *
 * @param stage which operator refused it, e.g. {@code ingest.parse-trades}
 * @param reason a short, stable reason code, e.g. {@code malformed-json}
 * @param detail a human-readable explanation
 * @param payload the original payload: as text when it was clean UTF-8 text, otherwise {@code
 *     base64:} and its bytes; at most {@link #MAX_PAYLOAD_CHARS} characters (the offset points to
 *     the rest)
 *     <p>Every text field is made storable ({@link SafeText#clean}) and bounded in length when the
 *     dead letter is made, so a dead letter can always be written to its topic and its table: the
 *     record that explains a failure must never cause one.
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

  /** Payloads longer than this are cut (the offset points to the whole record). */
  public static final int MAX_PAYLOAD_CHARS = 8192;

  /** Details longer than this are cut. */
  public static final int MAX_DETAIL_CHARS = 2000;

  public DeadLetter {
    stage = SafeText.truncate(SafeText.clean(stage), 200);
    sourceTopic = SafeText.truncate(SafeText.clean(sourceTopic), 300);
    reason = SafeText.truncate(SafeText.clean(reason), 100);
    detail = SafeText.truncate(SafeText.clean(detail), MAX_DETAIL_CHARS);
    payload = SafeText.truncate(SafeText.clean(payload), MAX_PAYLOAD_CHARS);
    // Brokers refuse negative record timestamps, and time-based lookups need a real instant.
    time = Math.max(0, time);
  }

  @Override
  public String key() {
    return stage;
  }

  @Override
  public long eventTime() {
    return time;
  }
}
