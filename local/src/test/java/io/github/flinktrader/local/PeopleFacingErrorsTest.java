package io.github.flinktrader.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.db.DbSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a person meets from outside the JVM: {@code scripts/postgres.sh} with a role name and a
 * password full of quotes, and the command line in its own process with a wrong database password
 * in its environment. Real processes, the real server.
 */
class PeopleFacingErrorsTest {

  record Result(int status, String out, String err) {}

  private static Result run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(
        p.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  @Test
  void postgresScriptTakesAnyPasswordAndNeverPrintsIt() throws Exception {
    String user = "probe_o'brien \"x\"";
    String password = "it's \"a\" \\ :x $HOME `id` ;-- " + System.nanoTime();
    Result r =
        run(
            List.of("bash", Path.of("..", "scripts", "postgres.sh").toString()),
            Map.of("TRADING_DB_USER", user, "TRADING_DB_PASSWORD", password));
    try {
      assertThat(r.status()).as(r.out() + r.err()).isZero();
      assertThat(r.out() + r.err()).doesNotContain(password).doesNotContain("it's \"a\"");
      DbSettings db = DbSettings.from(null, user, Map.of("TRADING_DB_PASSWORD", password));
      try (Connection c = db.connect();
          var s = c.createStatement();
          var rs = s.executeQuery("select current_user")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo(user);
      }
    } finally {
      // The role owns nothing; drop it again through the superuser, the way the script talks.
      String ident = "\"" + user.replace("\"", "\"\"") + "\"";
      run(
          List.of(
              "bash",
              "-c",
              "echo 'drop role if exists "
                  + ident.replace("'", "'\\''")
                  + ";'"
                  + " | su postgres -c 'psql -q -p 5432'"),
          Map.of());
    }
  }

  @Test
  void aWrongDatabasePasswordIsOneLineInItsOwnProcess() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String secret = "definitely-wrong-" + System.nanoTime();
    Result r =
        run(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                TraderCli.class.getName(),
                "migrate"),
            Map.of("TRADING_DB_PASSWORD", secret));
    assertThat(r.status()).isEqualTo(1);
    List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines)
        .as("stderr: %s", r.err())
        .filteredOn(l -> l.startsWith("error: "))
        .singleElement()
        .satisfies(
            l ->
                assertThat(l)
                    .startsWith("error: the database refused the login (")
                    .contains("set TRADING_DB_USER and TRADING_DB_PASSWORD"));
    assertThat(r.err()).doesNotContain("\tat ").doesNotContain(secret);
    assertThat(r.out()).doesNotContain(secret);
  }
}
