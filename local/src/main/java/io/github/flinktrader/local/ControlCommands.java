package io.github.flinktrader.local;

import io.github.flinktrader.execution.ControlBus;
import io.github.flinktrader.records.ControlAck;
import io.github.flinktrader.records.ControlCommand;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The operator's side of the trading control bus: the kill switch, resets and manual halts. */
final class ControlCommands {

  private ControlCommands() {}

  /** What every control command needs. */
  abstract static class Base implements Callable<Integer> {
    @Option(
        names = "--account",
        defaultValue = "paper",
        description = "Trading account (default ${DEFAULT-VALUE}).")
    String account;

    @Option(names = "--reason", required = true, description = "Why, in words (kept for audit).")
    String reason;

    @Option(
        names = "--operator",
        defaultValue = "${env:USER:-unknown}",
        description = "Who sends it (default ${DEFAULT-VALUE}).")
    String operator;

    @Option(
        names = "--kafka",
        defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
        description = "Kafka bootstrap servers (default ${DEFAULT-VALUE}).")
    String kafka;

    @Option(
        names = "--ack-timeout",
        defaultValue = "15s",
        converter = DurationConverter.class,
        description =
            "How long to wait for the execution job's answer, e.g. 15s or 1m (default"
                + " ${DEFAULT-VALUE}).")
    java.time.Duration ackTimeout;

    abstract ControlCommand.Kind kind();

    String symbol() {
      return null;
    }

    /**
     * 0 when the execution job applied the command; 2 when it is malformed (not sent); 3 when the
     * job refused it; 4 when no job answered in time; 5 when Kafka could not be reached.
     */
    @Override
    public Integer call() throws Exception {
      long now = System.currentTimeMillis();
      ControlCommand c =
          new ControlCommand(account, kind(), symbol(), now, 0, "operator:" + operator, reason);
      String what = kind() + (symbol() == null ? "" : " " + symbol()) + " for account " + account;
      ControlBus.Sent sent;
      try {
        sent = ControlBus.sendAndAwait(kafka, c, ackTimeout);
      } catch (IllegalArgumentException e) {
        System.err.println(what + " " + e.getMessage());
        return 2;
      } catch (ControlBus.Unreachable | IllegalStateException e) {
        System.err.println(what + " not sent: " + e.getMessage());
        return 5;
      }
      if (sent.ack().isEmpty()) {
        System.err.printf(
            "%s sent at %s (trading.control partition %d, offset %d) but not acknowledged"
                + " within %d s: no running execution job has account %s (mistyped --account?)"
                + " or the job is down; the command stays on the bus and applies when a job for"
                + " the account reads it%n",
            what,
            Instant.ofEpochMilli(now),
            sent.metadata().partition(),
            sent.metadata().offset(),
            ackTimeout.toSeconds(),
            account);
        return 4;
      }
      ControlAck ack = sent.ack().get();
      if (ack.outcome() == ControlAck.Outcome.REFUSED) {
        System.err.println(what + " refused: " + ack.detail());
        return 3;
      }
      System.out.printf(
          "%s applied in %d ms: %s%n", what, Math.max(0, ack.ackedAt() - now), ack.detail());
      return 0;
    }
  }

  /** Reads {@code 15s}, {@code 2m} or an ISO-8601 duration. */
  static final class DurationConverter
      implements picocli.CommandLine.ITypeConverter<java.time.Duration> {
    @Override
    public java.time.Duration convert(String v) {
      String s = v.trim().toLowerCase(java.util.Locale.ROOT);
      if (s.matches("\\d+ms")) {
        return java.time.Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      }
      if (s.matches("\\d+s")) {
        return java.time.Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
      }
      if (s.matches("\\d+m")) {
        return java.time.Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
      }
      try {
        return java.time.Duration.parse(v.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (java.time.format.DateTimeParseException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "'" + v + "' is not a duration (e.g. 500ms, 15s, 2m)");
      }
    }
  }

  @Command(
      name = "kill",
      mixinStandardHelpOptions = true,
      description =
          "Kill switch: the execution job halts the account (latched until a reset), cancels every"
              + " open order at the broker and refuses every new one.")
  static final class Kill extends Base {
    @Override
    ControlCommand.Kind kind() {
      return ControlCommand.Kind.KILL;
    }
  }

  @Command(
      name = "reduce",
      mixinStandardHelpOptions = true,
      description = "Only orders that reduce a position pass, until a reset.")
  static final class Reduce extends Base {
    @Override
    ControlCommand.Kind kind() {
      return ControlCommand.Kind.REDUCE;
    }
  }

  @Command(
      name = "reset",
      mixinStandardHelpOptions = true,
      description =
          "Back to ACTIVE after a halt or REDUCING; lifts symbol halts, throttles and cooldowns,"
              + " and counts drawdown and the day's loss from now.")
  static final class Reset extends Base {
    @Override
    ControlCommand.Kind kind() {
      return ControlCommand.Kind.RESET;
    }
  }

  @Command(
      name = "halt-symbol",
      mixinStandardHelpOptions = true,
      description = "No new orders in one symbol until resume-symbol or reset.")
  static final class HaltSymbol extends Base {
    @Parameters(index = "0", description = "The symbol, e.g. BTCUSD.")
    String symbol;

    @Override
    ControlCommand.Kind kind() {
      return ControlCommand.Kind.HALT_SYMBOL;
    }

    @Override
    String symbol() {
      return symbol;
    }
  }

  @Command(
      name = "resume-symbol",
      mixinStandardHelpOptions = true,
      description = "Lift a symbol halt.")
  static final class ResumeSymbol extends Base {
    @Parameters(index = "0", description = "The symbol, e.g. BTCUSD.")
    String symbol;

    @Override
    ControlCommand.Kind kind() {
      return ControlCommand.Kind.RESUME_SYMBOL;
    }

    @Override
    String symbol() {
      return symbol;
    }
  }
}
