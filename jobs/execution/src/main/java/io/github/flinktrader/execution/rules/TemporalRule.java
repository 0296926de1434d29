package io.github.flinktrader.execution.rules;

import io.github.flinktrader.records.ControlCommand;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;

/**
 * A temporal risk rule: a Flink CEP pattern over one stream, matched per symbol in event time, and
 * the control command a match raises. Each rule is small, configurable and tested on its own; the
 * execution job wires them to the risk gate through the control bus.
 *
 * @param <E> the events the rule watches
 */
public interface TemporalRule<E> extends Serializable {

  /** Short name, used as the command's source ({@code rule:<name>}) and in operator names. */
  String name();

  /** The symbol of an event: rules match per symbol. */
  KeySelector<E, String> symbol();

  /** The pattern; its events and timing are in event time. */
  Pattern<E, ?> pattern();

  /** The command a match raises. */
  ControlCommand alert(Map<String, List<E>> match);

  /** Runs {@code rule} over {@code events} in event time and returns the commands it raises. */
  static <E> SingleOutputStreamOperator<ControlCommand> apply(
      DataStream<E> events, TemporalRule<E> rule) {
    return CEP.pattern(events.keyBy(rule.symbol()), rule.pattern())
        .inEventTime()
        .process(
            new PatternProcessFunction<E, ControlCommand>() {
              private static final long serialVersionUID = 1L;

              @Override
              public void processMatch(
                  Map<String, List<E>> match, Context ctx, Collector<ControlCommand> out) {
                out.collect(rule.alert(match));
              }
            });
  }
}
