package io.github.flinktrader.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.db.DbSettings;
import io.github.flinktrader.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Errors a person meets are one line that says what to do, with a non-zero exit status, found
 * before anything starts; the stack trace only with {@code --verbose}. Each command runs in this
 * JVM as {@code ./run tool} runs it ({@link TraderCli#execute}), against real closed ports, a real
 * PostgreSQL and real files.
 */
class CliErrorsTest {

  /** What a command printed and returned, and how long it took. */
  record Run(int status, String out, String err, long millis) {
    String errLine() {
      assertThat(err.lines().count()).as("stderr is one line: %s", err).isEqualTo(1);
      return err.strip();
    }
  }

  private static synchronized Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    long start = System.nanoTime();
    int status;
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      status = TraderCli.execute(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new Run(
        status,
        o.toString(StandardCharsets.UTF_8),
        e.toString(StandardCharsets.UTF_8),
        (System.nanoTime() - start) / 1_000_000);
  }

  @Test
  void aMissingBarsFileIsNamedBeforeTrainingStarts() {
    Run r = run("train", "--bars", "/nonexistent/2024-01-02.csv.gz", "--no-db");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.errLine())
        .isEqualTo(
            "error: --bars /nonexistent/2024-01-02.csv.gz: no such file"
                + " (see ./run train --help)");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aMissingFlatFileIsNamedBeforeKafkaIsTried() {
    Run r = run("import-polygon", "--tickers", "AAPL", "/nonexistent.csv.gz");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.errLine()).startsWith("error: /nonexistent.csv.gz: no such file");
  }

  @Test
  void demoOptionsAreRefusedBeforeAnythingStarts(@org.junit.jupiter.api.io.TempDir Path dir) {
    Run speed = run("demo", "--speed", "-1", "--state-dir", dir.resolve("s").toString());
    assertThat(speed.status()).isEqualTo(2);
    assertThat(speed.errLine())
        .isEqualTo(
            "error: --speed must be 0 (as fast as possible) or a positive factor, not -1.0"
                + " (see ./run demo --help)");
    assertThat(speed.out()).as("nothing started, nothing printed").isEmpty();
    assertThat(Files.exists(dir.resolve("s"))).isFalse();

    assertThat(run("demo", "--model", "gpt").errLine()).contains("--model is tft or baseline");
    assertThat(run("demo", "--broker", "ib").errLine())
        .contains("--broker is simulated or fake-alpaca");
    assertThat(run("demo", "--web-port", "70000").errLine())
        .contains("--web-port must be a port (1-65535), not 70000");
  }

  @Test
  void aPortInUseIsNamedWithItsOption() throws Exception {
    try (ServerSocket taken = new ServerSocket(0);
        ServerSocket other = new ServerSocket(0)) {
      int free = other.getLocalPort();
      other.close();
      Run r =
          run(
              "demo",
              "--kafka",
              "127.0.0.1:1",
              "--web-port",
              Integer.toString(taken.getLocalPort()),
              "--prometheus-port",
              Integer.toString(free));
      assertThat(r.status()).isEqualTo(2);
      assertThat(r.errLine())
          .startsWith("error: port " + taken.getLocalPort() + " (--web-port) is in use")
          .contains("stop what holds it or choose another port");
      assertThat(r.out()).isEmpty();
    }
  }

  @Test
  void kafkaOnAClosedPortFailsWithinSecondsInOneLine() {
    Run kill = run("kill", "--reason", "test", "--kafka", "127.0.0.1:1");
    assertThat(kill.status()).isEqualTo(5);
    assertThat(kill.errLine())
        .startsWith("KILL for account paper not sent: Kafka at 127.0.0.1:1 did not take")
        .contains("is the stack running");
    assertThat(kill.millis()).isLessThan(15_000);

    Run announce =
        run("announce-model", "--version", "v1", "--role", "live", "--kafka", "127.0.0.1:1");
    assertThat(announce.status()).isEqualTo(1);
    assertThat(announce.errLine())
        .isEqualTo(
            "error: Kafka at 127.0.0.1:1 did not answer within 5 s: is the broker running, and"
                + " is --kafka (KAFKA_BOOTSTRAP_SERVERS) right? (--verbose shows the stack trace)");
    assertThat(announce.millis()).isLessThan(15_000);
  }

  @Test
  void verboseAddsTheStackTrace() {
    Run r =
        run(
            "announce-model",
            "--version",
            "v1",
            "--role",
            "live",
            "--kafka",
            "127.0.0.1:1",
            "--verbose");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err().lines().count()).isGreaterThan(5);
    assertThat(r.err()).contains("at io.github.flinktrader.local.KafkaBrokerProcess");
  }

  @Test
  void aWrongDatabasePasswordAndADatabaseThatIsDownAreSaidInWords() throws Exception {
    try (TestDatabase db = TestDatabase.create()) {
      DbSettings wrong = new DbSettings(db.settings().url(), db.settings().user(), "not-it");
      SQLException refused = catchSql(wrong);
      assertThat(CliErrors.describe(new RuntimeException("wrapped", refused)))
          .startsWith("the database refused the login (")
          .endsWith("set TRADING_DB_USER and TRADING_DB_PASSWORD to the role's name and password")
          .doesNotContain("not-it");
    }
    long start = System.nanoTime();
    SQLException down =
        catchSql(new DbSettings("jdbc:postgresql://127.0.0.1:1/trading", "trading", "x"));
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
    assertThat(CliErrors.describe(down))
        .startsWith("the database is not reachable (")
        .contains("is PostgreSQL running (scripts/postgres.sh)");
  }

  private static SQLException catchSql(DbSettings db) {
    try (var c = db.connect()) {
      throw new AssertionError("connected to " + db);
    } catch (SQLException e) {
      return e;
    }
  }
}
