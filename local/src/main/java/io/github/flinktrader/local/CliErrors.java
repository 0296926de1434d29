package io.github.flinktrader.local;

import java.io.PrintWriter;
import java.net.BindException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.sql.SQLException;
import java.util.Optional;
import picocli.CommandLine;

/**
 * What a person sees when a command fails: one line saying what went wrong and what to do, exit
 * status 1; the stack trace only with {@code --verbose}. Known causes (a missing file, a port in
 * use, a database that is down or refuses the password, a Kafka broker that does not answer) are
 * found anywhere in the cause chain and said in words; anything else is its type and message.
 */
final class CliErrors
    implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

  /** The flag that asks for stack traces; taken out of the arguments before parsing. */
  static final String VERBOSE = "--verbose";

  private final boolean verbose;

  CliErrors(boolean verbose) {
    this.verbose = verbose;
  }

  @Override
  public int handleExecutionException(
      Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    err.println(
        "error: " + describe(e) + (verbose ? "" : " (" + VERBOSE + " shows the stack trace)"));
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return 1;
  }

  /** A bad argument: one line naming it, exit status 2; nothing has been started. */
  @Override
  public int handleParseException(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    String path = String.join(" ", commandPath(cmd));
    err.println("error: " + firstLine(e.getMessage()) + " (see " + path + " --help)");
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return 2;
  }

  /** How a person runs {@code cmd}: {@code ./run demo}, {@code ./run tool kill}, ... */
  private static java.util.List<String> commandPath(CommandLine cmd) {
    String name = cmd.getCommandName();
    if (cmd.getParent() == null) {
      return java.util.List.of("./run");
    }
    return java.util.Set.of("demo", "train", "evaluate").contains(name)
        ? java.util.List.of("./run", name)
        : java.util.List.of("./run", "tool", name);
  }

  /** The failure in one line. */
  static String describe(Throwable e) {
    if (ours(e)) {
      return firstLine(e.getMessage()); // already says what went wrong and what to do
    }
    return known(e).orElseGet(() -> oneLine(rootOf(e)));
  }

  /** An {@code IllegalStateException} or {@code IllegalArgumentException} this project threw. */
  private static boolean ours(Throwable e) {
    return (e instanceof IllegalStateException || e instanceof IllegalArgumentException)
        && e.getMessage() != null
        && e.getStackTrace().length > 0
        && e.getStackTrace()[0].getClassName().startsWith("io.github.flinktrader.");
  }

  private static Optional<String> known(Throwable top) {
    for (Throwable t = top; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof NoSuchFileException f) {
        return Optional.of("file not found: " + f.getFile() + ": check the path");
      }
      if (t instanceof java.io.FileNotFoundException f) {
        return Optional.of("file not found: " + firstLine(f.getMessage()) + ": check the path");
      }
      if (t instanceof AccessDeniedException f) {
        return Optional.of("permission denied: " + f.getFile());
      }
      if (t instanceof BindException b) {
        return Optional.of(
            "a port is already in use ("
                + firstLine(b.getMessage())
                + "): stop what holds it or choose another port");
      }
      if (t instanceof SQLException s && s.getSQLState() != null) {
        String state = s.getSQLState();
        if (state.equals("28P01") || state.equals("28000")) {
          return Optional.of(
              "the database refused the login ("
                  + firstLine(s.getMessage())
                  + "): set TRADING_DB_USER and TRADING_DB_PASSWORD to the role's name and"
                  + " password");
        }
        if (state.startsWith("08")) {
          return Optional.of(
              "the database is not reachable ("
                  + firstLine(s.getMessage())
                  + "): is PostgreSQL running (scripts/postgres.sh), and is TRADING_DB_URL right?");
        }
        if (state.equals("3D000")) {
          return Optional.of(
              "the database does not exist ("
                  + firstLine(s.getMessage())
                  + "): create it or fix TRADING_DB_URL");
        }
      }
      if (t instanceof org.apache.kafka.common.errors.TimeoutException k) {
        return Optional.of(
            "Kafka did not answer in time ("
                + firstLine(k.getMessage())
                + "): is the broker running, and is --kafka (KAFKA_BOOTSTRAP_SERVERS) right?");
      }
      if (t instanceof ConnectException c) {
        return Optional.of(
            "connection refused (" + firstLine(c.getMessage()) + "): is the service running?");
      }
    }
    return Optional.empty();
  }

  private static Throwable rootOf(Throwable e) {
    // Wrappers without their own words (InvocationTargetException, ExecutionException, ...) say
    // less than what they wrap; a message of our own says more than its cause.
    Throwable t = e;
    while (t.getCause() != null
        && t.getCause() != t
        && (t.getMessage() == null || t.getMessage().equals(t.getCause().toString()))) {
      t = t.getCause();
    }
    return t;
  }

  private static String oneLine(Throwable t) {
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      return t.getClass().getSimpleName();
    }
    boolean ours =
        t instanceof IllegalArgumentException
            || t instanceof IllegalStateException
            || t instanceof UnsupportedOperationException;
    return ours ? firstLine(m) : t.getClass().getSimpleName() + ": " + firstLine(m);
  }

  private static String firstLine(String m) {
    if (m == null) {
      return "";
    }
    String line = m.strip().lines().findFirst().orElse("");
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
