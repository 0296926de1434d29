package io.github.flinktrader.serde;

import io.github.flinktrader.flink.DeadLetterMetrics;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.Event;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses payloads ({@link WireFormat}: JSON, or binary) into records and checks them; whatever
 * cannot be parsed or is not well formed goes to the {@link #DEAD_LETTERS} side output with its
 * reason, never dropped silently. Each reason has its own counter ({@code deadLetters.<reason>}).
 */
public final class ParseEvents<T extends Event> extends ProcessFunction<RawRecord, T>
    implements ResultTypeQueryable<T> {

  private static final long serialVersionUID = 1L;

  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

  /** Payloads longer than this are truncated in the dead letter (the offset points to the rest). */
  static final int MAX_PAYLOAD_CHARS = 8192;

  private final Class<T> type;
  private final String stage;
  private transient DeadLetterMetrics deadLetterMetrics;

  public ParseEvents(Class<T> type, String stage) {
    this.type = type;
    this.stage = stage;
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return TypeInformation.of(type);
  }

  @Override
  public void open(OpenContext openContext) {
    deadLetterMetrics = new DeadLetterMetrics(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement(RawRecord raw, Context ctx, Collector<T> out) {
    T parsed;
    try {
      if (raw.value().length == 0) {
        deadLetter(raw, ctx, "empty-payload", "the record has no value");
        return;
      }
      parsed = WireFormat.read(raw.value(), type);
    } catch (IOException | RuntimeException e) {
      String reason = WireFormat.isBinary(raw.value()) ? "malformed-binary" : "malformed-json";
      deadLetter(raw, ctx, reason, firstLine(e.getMessage()));
      return;
    }
    if (parsed == null) {
      deadLetter(raw, ctx, "null-record", "the payload is JSON null");
      return;
    }
    Optional<String> violation;
    try {
      violation = parsed.violation();
    } catch (RuntimeException e) {
      violation = Optional.of("cannot validate: " + e);
    }
    if (violation.isPresent()) {
      deadLetter(raw, ctx, "invalid-" + type.getSimpleName().toLowerCase(), violation.get());
      return;
    }
    out.collect(parsed);
  }

  private void deadLetter(RawRecord raw, Context ctx, String reason, String detail) {
    String payload =
        WireFormat.isBinary(raw.value())
            ? "base64:" + Base64.getEncoder().encodeToString(raw.value())
            : new String(raw.value(), StandardCharsets.UTF_8);
    if (payload.length() > MAX_PAYLOAD_CHARS) {
      payload = payload.substring(0, MAX_PAYLOAD_CHARS);
    }
    ctx.output(
        DEAD_LETTERS,
        new DeadLetter(
            stage,
            raw.topic(),
            raw.partition(),
            raw.offset(),
            raw.timestamp(),
            reason,
            detail == null ? reason : detail,
            payload));
    deadLetterMetrics.inc(reason);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unparseable payload";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
