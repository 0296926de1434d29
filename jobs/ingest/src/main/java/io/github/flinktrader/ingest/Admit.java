package io.github.flinktrader.ingest;

import io.github.flinktrader.flink.DeadLetterMetrics;
import io.github.flinktrader.records.Event;
import io.github.flinktrader.serde.DeadLetters;
import io.github.flinktrader.serde.ParseEvents;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The ingest job's gate for records from any source: the record's own checks ({@code
 * invalid-<type>}), an event time that is not in the future ({@code future-timestamp}) and not
 * before the configured history start ({@code before-history-start}), and a known symbol ({@code
 * unknown-symbol}). Refused records go to {@link ParseEvents#DEAD_LETTERS} with the record as JSON;
 * each reason has a counter {@code deadLetters.<reason>}.
 */
public final class Admit<T extends Event> extends ProcessFunction<T, T>
    implements ResultTypeQueryable<T> {

  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private final String stage;
  private final IngestRules rules;
  private final boolean checkSymbols;
  private transient DeadLetterMetrics deadLetterMetrics;

  /**
   * @param checkSymbols whether the record's key is an instrument to check against the configured
   *     symbols (market data), or not (posts, keyed by their id)
   */
  public Admit(Class<T> type, String stage, IngestRules rules, boolean checkSymbols) {
    this.type = type;
    this.stage = stage;
    this.rules = rules;
    this.checkSymbols = checkSymbols;
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
  public void processElement(T record, Context ctx, Collector<T> out) {
    Optional<String> violation = record.violation();
    if (violation.isPresent()) {
      refuse(record, ctx, "invalid-" + type.getSimpleName().toLowerCase(), violation.get());
      return;
    }
    long now = ctx.timerService().currentProcessingTime();
    long time = record.eventTime();
    if (time > now + rules.maxClockSkew().toMillis()) {
      refuse(
          record, ctx, "future-timestamp", "event time " + time + " is ahead of the clock " + now);
    } else if (time < rules.historyStart().toEpochMilli()) {
      refuse(
          record,
          ctx,
          "before-history-start",
          "event time " + time + " is before " + rules.historyStart());
    } else if (checkSymbols
        && !rules.symbols().isEmpty()
        && !rules.symbols().contains(record.key())) {
      refuse(record, ctx, "unknown-symbol", record.key() + " is not in the configured symbols");
    } else {
      out.collect(record);
    }
  }

  private void refuse(T record, Context ctx, String reason, String detail) {
    ctx.output(
        ParseEvents.DEAD_LETTERS,
        DeadLetters.refused(
            stage, // Never a future time: brokers refuse timestamps far ahead (Kafka 4's
            // log.message.timestamp.after.max.ms is one hour).
            Math.min(record.eventTime(), ctx.timerService().currentProcessingTime()),
            reason,
            detail,
            record));
    deadLetterMetrics.inc(reason);
  }
}
