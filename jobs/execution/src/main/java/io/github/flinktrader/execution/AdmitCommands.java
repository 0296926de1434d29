package io.github.flinktrader.execution;

import io.github.flinktrader.records.ControlCommand;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Lets through the control commands meant for this job: those for its account, from an operator, or
 * from a rule of this run. The rules tag the alerts they send over the control bus with the run
 * ({@code rule:<name>@<run id>}); an alert left on the bus by another run (an earlier backtest of
 * the same account) belongs to that run's timeline and is skipped (counted in {@code
 * foreignRuleAlerts}), so a replay decides the same whatever earlier runs left behind. Commands for
 * other accounts are for other jobs and pass by. Neither is bad input: both stay on the bus, and
 * the commands this job applies are kept in {@code control_commands}.
 */
public final class AdmitCommands extends ProcessFunction<ControlCommand, ControlCommand> {

  private static final long serialVersionUID = 1L;

  private transient org.apache.flink.metrics.Counter foreign;

  private final String account;
  private final String runId;

  public AdmitCommands(String account, String runId) {
    this.account = account;
    this.runId = runId;
  }

  @Override
  public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
    foreign = getRuntimeContext().getMetricGroup().counter("foreignRuleAlerts");
  }

  /** True for what the job itself raises (rules, broker feedback), false for operators. */
  public static boolean systemAlert(ControlCommand c) {
    return c.source().startsWith("rule:") || c.source().startsWith("broker:");
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
    out.collect(c);
  }
}
