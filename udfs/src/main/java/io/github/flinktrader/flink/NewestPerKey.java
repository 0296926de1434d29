package io.github.flinktrader.flink;

import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.Event;
import io.github.flinktrader.serde.DeadLetters;
import io.github.flinktrader.serde.ParseEvents;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes a record only when its event time is after the newest one passed for its key; any other (a
 * duplicate, a replayed or out-of-order record) becomes a dead letter with {@code reason} on {@link
 * ParseEvents#DEAD_LETTERS}. For inputs that act on state as they arrive (marks, risk rules, the
 * gate), so a record another job refused as stale cannot act here either.
 */
public final class NewestPerKey<T extends Event> extends KeyedProcessFunction<String, T, T>
    implements ResultTypeQueryable<T> {

  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private final String stage;
  private final String reason;
  private transient ValueState<Long> newest;
  private transient DeadLetterMetrics deadLetters;

  public NewestPerKey(Class<T> type, String stage, String reason) {
    this.type = type;
    this.stage = stage;
    this.reason = reason;
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return TypeInformation.of(type);
  }

  @Override
  public void open(OpenContext ctx) {
    newest = getRuntimeContext().getState(new ValueStateDescriptor<>("newest", Types.LONG));
    deadLetters = new DeadLetterMetrics(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement(T record, Context ctx, Collector<T> out) throws Exception {
    Long last = newest.value();
    if (last != null && record.eventTime() <= last) {
      DeadLetter d =
          DeadLetters.refused(
              stage,
              record.eventTime(),
              reason,
              type.getSimpleName()
                  + " for "
                  + record.key()
                  + " at "
                  + record.eventTime()
                  + " is not after the newest one already taken, at "
                  + last,
              record);
      ctx.output(ParseEvents.DEAD_LETTERS, d);
      deadLetters.inc(reason);
      return;
    }
    newest.update(record.eventTime());
    out.collect(record);
  }
}
