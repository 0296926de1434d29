package io.github.flinktrader.records;

import java.util.Optional;

/**
 * The execution job's answer to a control command ({@code trading.control.acks}): whether it
 * applied or refused it, and what it did. {@code ./run tool kill} and friends wait for it, so an
 * operator never believes a command took effect when no job applied it.
 *
 * @param account the account the command named
 * @param kind the command's kind
 * @param symbol the command's symbol, or null
 * @param issuedAt the command's issue time: with the source, what identifies the command
 * @param source the command's source ({@code operator:<user>})
 * @param outcome applied or refused
 * @param detail what it changed ("ACTIVE -> HALTED", "no change: already HALTED") or why it was
 *     refused
 * @param ackedAt wall-clock time of the answer, epoch milliseconds
 */
public record ControlAck(
    String account,
    ControlCommand.Kind kind,
    String symbol,
    long issuedAt,
    String source,
    Outcome outcome,
    String detail,
    long ackedAt)
    implements Event {

  /** What became of the command. */
  public enum Outcome {
    APPLIED,
    REFUSED
  }

  /** The answer to {@code c}. */
  public static ControlAck of(ControlCommand c, Outcome outcome, String detail, long ackedAt) {
    return new ControlAck(
        c.account(), c.kind(), c.symbol(), c.issuedAt(), c.source(), outcome, detail, ackedAt);
  }

  /** True when this answers {@code c}. */
  public boolean answers(ControlCommand c) {
    return account.equals(c.account())
        && kind == c.kind()
        && java.util.Objects.equals(symbol, c.symbol())
        && issuedAt == c.issuedAt()
        && source.equals(c.source());
  }

  @Override
  public String key() {
    return account;
  }

  @Override
  public long eventTime() {
    return issuedAt;
  }

  @Override
  public Optional<String> violation() {
    return Checks.firstOf(
        Checks.notBlank("account", account),
        Checks.maxLength("account", account, 100),
        Checks.notNull("kind", kind),
        symbol == null ? null : Checks.symbol("symbol", symbol),
        Checks.positiveTime("issuedAt", issuedAt),
        Checks.notBlank("source", source),
        Checks.maxLength("source", source, 200),
        Checks.notNull("outcome", outcome),
        Checks.maxLength("detail", detail, 2_000));
  }
}
