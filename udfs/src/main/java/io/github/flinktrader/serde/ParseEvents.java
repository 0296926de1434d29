package io.github.flinktrader.serde;

import io.github.flinktrader.flink.DeadLetterMetrics;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.Event;
import io.github.flinktrader.text.SafeText;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses payloads ({@link WireFormat}: JSON, or binary) into records and checks them ({@link
 * Admission}); whatever cannot be parsed, is not well formed or claims a time beyond the allowed
 * clock skew goes to the {@link #DEAD_LETTERS} side output with its reason, never dropped silently.
 * Each reason has its own counter ({@code deadLetters.<reason>}). The payload is kept in the dead
 * letter as text when it is clean UTF-8 text, otherwise as base64 ({@link SafeText#payload}).
 */
public final class ParseEvents<T extends Event> extends ProcessFunction<RawRecord, T>
    implements ResultTypeQueryable<T> {

  private static final long serialVersionUID = 1L;

  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

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
    Admission.Verdict v = Admission.take(raw.value());
    // The source decided for its topic's type; another reader of the payload decides for its own.
    if (v == null || (v.admitted() && !type.isInstance(v.record()))) {
      v = Admission.check(raw.value(), type, System.currentTimeMillis());
    }
    if (!v.admitted()) {
      deadLetter(raw, ctx, v.reason(), v.detail());
      return;
    }
    out.collect(type.cast(v.record()));
  }

  private void deadLetter(RawRecord raw, Context ctx, String reason, String detail) {
    ctx.output(
        DEAD_LETTERS,
        new DeadLetter(
            stage,
            raw.topic(),
            raw.partition(),
            raw.offset(),
            // Never ahead of the clock: brokers refuse timestamps far in the future.
            Math.min(raw.timestamp(), System.currentTimeMillis()),
            reason,
            detail,
            SafeText.payload(raw.value())));
    deadLetterMetrics.inc(reason);
  }
}
