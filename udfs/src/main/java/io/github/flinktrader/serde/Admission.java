package io.github.flinktrader.serde;

import io.github.flinktrader.records.Event;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The one decision whether a payload read from a topic enters a job: it must parse as a record of
 * the topic's type ({@link WireFormat}), pass the record's own checks and not claim an event time
 * beyond the allowed clock skew. The source takes watermarks only from admitted records (so a
 * refused record never moves event time and can never make good records late), and {@link
 * ParseEvents} turns every refusal into a dead letter with its reason. Both ask this class, and the
 * parse done at the source is handed to the operator chained behind it instead of being repeated.
 */
public final class Admission {

  /**
   * How far ahead of the task manager's clock an event time may be. Replays of history are far
   * behind it; live data is at most a little ahead.
   */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(1);

  /** Larger payloads are refused unread (Kafka's default maximum record is 1 MB as well). */
  public static final int MAX_PAYLOAD_BYTES = 1 << 20;

  /**
   * The outcome for one payload: the record, or the reason (a stable code) and detail of its
   * refusal.
   */
  public record Verdict(Object record, String reason, String detail) {

    static Verdict admit(Object record) {
      return new Verdict(record, null, null);
    }

    static Verdict refuse(String reason, String detail) {
      return new Verdict(null, reason, detail == null ? reason : detail);
    }

    public boolean admitted() {
      return reason == null;
    }
  }

  /** The last payload decided on this thread and its verdict (source and chained parser). */
  private static final ThreadLocal<Object[]> LAST = ThreadLocal.withInitial(() -> new Object[2]);

  private Admission() {}

  /** The verdict on {@code payload} as a {@code type} record at {@code now} (epoch millis). */
  public static Verdict check(byte[] payload, Class<? extends Event> type, long now) {
    if (payload.length == 0) {
      return Verdict.refuse("empty-payload", "the record has no value");
    }
    if (payload.length > MAX_PAYLOAD_BYTES) {
      return Verdict.refuse(
          "oversized-payload",
          payload.length + " bytes, more than the " + MAX_PAYLOAD_BYTES + " a record may have");
    }
    Event parsed;
    try {
      parsed = WireFormat.read(payload, type);
    } catch (IOException | RuntimeException e) {
      return Verdict.refuse(
          WireFormat.isBinary(payload) ? "malformed-binary" : "malformed-json",
          firstLine(e.getMessage()));
    } catch (StackOverflowError e) {
      return Verdict.refuse("malformed-json", "nested too deeply");
    }
    if (parsed == null) {
      return Verdict.refuse("null-record", "the payload is JSON null");
    }
    Optional<String> violation;
    try {
      violation = parsed.violation();
    } catch (RuntimeException e) {
      violation = Optional.of("cannot validate: " + e);
    }
    if (violation.isPresent()) {
      return Verdict.refuse("invalid-" + type.getSimpleName().toLowerCase(), violation.get());
    }
    long time = parsed.eventTime();
    if (time > now + MAX_CLOCK_SKEW.toMillis()) {
      return Verdict.refuse(
          "future-timestamp",
          "event time "
              + time
              + " is more than "
              + MAX_CLOCK_SKEW.toSeconds()
              + " s ahead of the clock "
              + now);
    }
    return Verdict.admit(parsed);
  }

  /** As {@link #check}, and remembered for {@link #take} on this thread. */
  static Verdict checkAndKeep(byte[] payload, Class<? extends Event> type, long now) {
    Verdict v = check(payload, type, now);
    Object[] last = LAST.get();
    last[0] = payload;
    last[1] = v;
    return v;
  }

  /**
   * The verdict the source reached on this very payload (the same array, passed on by a chained
   * operator), or null when there is none; it is forgotten once taken.
   */
  static Verdict take(byte[] payload) {
    Object[] last = LAST.get();
    if (last[0] != payload) {
      return null;
    }
    Verdict v = (Verdict) last[1];
    last[0] = null;
    last[1] = null;
    return v;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unparseable payload";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
