package io.github.flinktrader.records;

/**
 * A transition of the account's trading state, kept for audit.
 *
 * @param time event time of the transition, epoch milliseconds
 * @param processedAt wall-clock time the gate applied it (for the kill switch's time to halt)
 * @param trigger the command or limit that caused it, e.g. {@code KILL by operator:alice} or {@code
 *     daily-loss-limit}
 */
public record TradingStateChange(
    String account, long time, TradingState from, TradingState to, String trigger, long processedAt)
    implements Event {

  @Override
  public String key() {
    return account;
  }

  @Override
  public long eventTime() {
    return time;
  }
}
