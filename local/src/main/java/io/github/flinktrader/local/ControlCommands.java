package io.github.flinktrader.local;

import io.github.flinktrader.execution.ControlBus;
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

    abstract ControlCommand.Kind kind();

    String symbol() {
      return null;
    }

    @Override
    public Integer call() throws Exception {
      long now = System.currentTimeMillis();
      ControlCommand c =
          new ControlCommand(account, kind(), symbol(), now, 0, "operator:" + operator, reason);
      try {
        var meta = ControlBus.send(kafka, c);
        System.out.printf(
            "%s%s sent for account %s at %s (trading.control partition %d, offset %d)%n",
            kind(),
            symbol() == null ? "" : " " + symbol(),
            account,
            Instant.ofEpochMilli(now),
            meta.partition(),
            meta.offset());
        return 0;
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        return 2;
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
