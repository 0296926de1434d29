package io.github.flinktrader.execution;

import io.github.flinktrader.flink.DeadLetterMetrics;
import io.github.flinktrader.records.ControlAck;
import io.github.flinktrader.records.ControlCommand;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.serde.DeadLetters;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Lets through the control commands meant for this job: those for its account, from an operator, or
 * from a rule of this run. The rules tag the alerts they send over the control bus with the run
 * ({@code rule:<name>@<run id>}); an alert left on the bus by another run (an earlier backtest of
 * the same account) belongs to that run's timeline and is skipped (counted in {@code
 * foreignRuleAlerts}), so a replay decides the same whatever earlier runs left behind. Commands for
 * other accounts are for other jobs and pass by. Neither is bad input: both stay on the bus, and
 * the commands this job applies are kept in {@code control_commands}.
 *
 * <p>Commands only the broker may send (UNFILLED, which takes quantity out of the gate's book)
 * arrive on the broker's own path ({@code broker.feedback}, {@link Path#BROKER}); on the operators'
 * bus they are refused ({@code broker-only-command}), and on the broker's path anything else is
 * refused ({@code not-broker-feedback}). A refused command becomes a dead letter and, when an
 * operator sent it, a {@link ControlAck} saying why.
 */
public final class AdmitCommands extends ProcessFunction<ControlCommand, ControlCommand> {

  private static final long serialVersionUID = 1L;

  public static final OutputTag<DeadLetter> DEAD = new OutputTag<>("refused-commands") {};
  public static final OutputTag<ControlAck> ACKS = new OutputTag<>("refused-command-acks") {};

  /** Which input this instance admits. */
  public enum Path {
    /** {@code trading.control}: operators' commands and the rules' alerts. */
    CONTROL,
    /** {@code broker.feedback}: what the broker reports back to the gate. */
    BROKER
  }

  private transient Counter foreign;
  private transient DeadLetterMetrics deadLetters;

  private final String account;
  private final String runId;
  private final Path path;
  private final String stage;

  public AdmitCommands(String account, String runId) {
    this(account, runId, Path.CONTROL, ExecutionUids.ADMIT_COMMANDS);
  }

  public AdmitCommands(String account, String runId, Path path, String stage) {
    this.account = account;
    this.runId = runId;
    this.path = path;
    this.stage = stage;
  }

  @Override
  public void open(OpenContext ctx) {
    foreign = getRuntimeContext().getMetricGroup().counter("foreignRuleAlerts");
    deadLetters = new DeadLetterMetrics(getRuntimeContext().getMetricGroup());
  }

  /** True for what the job itself raises (rules, broker feedback), false for operators. */
  public static boolean systemAlert(ControlCommand c) {
    return c.source().startsWith("rule:") || c.source().startsWith("broker:");
  }

  /** True for the kinds only the broker may send. */
  public static boolean brokerOnly(ControlCommand.Kind kind) {
    return kind == ControlCommand.Kind.UNFILLED;
  }

  /** The source a rule alert carries on the bus. */
  public static String tagged(String source, String runId) {
    return source + "@" + runId;
  }

  @Override
  public void processElement(ControlCommand c, Context ctx, Collector<ControlCommand> out) {
    if (!account.equals(c.account())) {
      return;
    }
    if (systemAlert(c) && c.source().contains("@") && !c.source().endsWith("@" + runId)) {
      foreign.inc();
      return;
    }
    if (path == Path.CONTROL && brokerOnly(c.kind())) {
      refuse(
          c,
          "broker-only-command",
          c.kind() + " is sent only by the broker, on its own path, never on trading.control",
          ctx);
      return;
    }
    if (path == Path.BROKER && !(brokerOnly(c.kind()) && c.source().startsWith("broker:"))) {
      refuse(
          c,
          "not-broker-feedback",
          c.kind() + " from " + c.source() + " is not broker feedback",
          ctx);
      return;
    }
    out.collect(c);
  }

  private void refuse(ControlCommand c, String reason, String detail, Context ctx) {
    deadLetters.inc(reason);
    ctx.output(DEAD, DeadLetters.refused(stage, c.eventTime(), reason, detail, c));
    if (!systemAlert(c)) {
      ctx.output(
          ACKS,
          ControlAck.of(
              c, ControlAck.Outcome.REFUSED, reason + ": " + detail, System.currentTimeMillis()));
    }
  }
}
