package io.github.flinktrader.db;

import io.github.flinktrader.records.DeadLetter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one row that can never be written from failing a JDBC sink forever. The sink's statements
 * are wrapped: they remember the values bound to every row of a batch, and when the database
 * refuses the batch for its content (SQLState classes 22, data exception; 23, integrity constraint
 * violation; 54, program limit exceeded) the rows are written one at a time, and each row the
 * database refuses again becomes an {@code unwritable-row} dead letter in {@code dead_letters} with
 * the database's reason. Every other failure (connection lost, server shutting down, out of
 * resources, a serialization conflict) is transient: it is thrown as before, the sink retries and
 * then the job restarts from its checkpoint, waiting for the database to come back.
 */
final class RowGuard {

  private static final Logger LOG = LoggerFactory.getLogger(RowGuard.class);

  static final String REASON = "unwritable-row";

  private RowGuard() {}

  /** True when {@code e} says this row can never be written, whatever is retried. */
  static boolean permanent(SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      String state = x.getSQLState();
      if (state != null && state.length() >= 2) {
        String cls = state.substring(0, 2);
        return cls.equals("22") || cls.equals("23") || cls.equals("54");
      }
    }
    return false;
  }

  /**
   * {@code connection} whose prepared statements guard their batches; refused rows are reported to
   * {@code refused} (for a metric) after their dead letter is written.
   */
  static Connection connection(Connection connection, String stage, Consumer<String> refused) {
    return (Connection)
        Proxy.newProxyInstance(
            RowGuard.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, m, args) -> {
              Object result = call(connection, m, args);
              if (m.getName().equals("prepareStatement")
                  && args != null
                  && args.length == 1
                  && result instanceof PreparedStatement ps) {
                return statement(ps, connection, stage, refused);
              }
              return result;
            });
  }

  private static Object call(Object target, Method m, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private record Bind(Method method, Object[] args) {}

  private static PreparedStatement statement(
      PreparedStatement target, Connection connection, String stage, Consumer<String> refused) {
    List<List<Bind>> batch = new ArrayList<>();
    List<List<Bind>> current = new ArrayList<>(List.of(new ArrayList<>()));
    return (PreparedStatement)
        Proxy.newProxyInstance(
            RowGuard.class.getClassLoader(),
            new Class<?>[] {PreparedStatement.class},
            (proxy, m, args) -> {
              String name = m.getName();
              if (name.startsWith("set")
                  && args != null
                  && args.length >= 2
                  && args[0] instanceof Integer) {
                current.get(0).add(new Bind(m, args));
              } else if (name.equals("clearParameters")) {
                current.get(0).clear();
              } else if (name.equals("addBatch") && (args == null || args.length == 0)) {
                batch.add(current.get(0));
                current.set(0, new ArrayList<>());
              } else if (name.equals("clearBatch")) {
                batch.clear();
              } else if (name.equals("executeBatch")) {
                try {
                  Object r = call(target, m, args);
                  batch.clear();
                  return r;
                } catch (SQLException e) {
                  if (!permanent(e) || !connection.getAutoCommit()) {
                    throw e;
                  }
                  int[] r = oneByOne(target, connection, stage, List.copyOf(batch), e, refused);
                  batch.clear();
                  return r;
                }
              }
              return call(target, m, args);
            });
  }

  private static int[] oneByOne(
      PreparedStatement target,
      Connection connection,
      String stage,
      List<List<Bind>> rows,
      SQLException batchFailure,
      Consumer<String> refused)
      throws Throwable {
    LOG.warn(
        "{}: the database refused a batch of {} rows ({} {}); writing them one at a time",
        stage,
        rows.size(),
        stateOf(batchFailure),
        firstLine(batchFailure));
    target.clearBatch();
    int[] results = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      target.clearParameters();
      for (Bind b : rows.get(i)) {
        call(target, b.method(), b.args());
      }
      try {
        results[i] = target.executeUpdate();
      } catch (SQLException e) {
        if (!permanent(e)) {
          throw e;
        }
        results[i] = Statement.EXECUTE_FAILED;
        deadLetter(connection, stage, rows.get(i), e);
        refused.accept(REASON);
      }
    }
    return results;
  }

  private static void deadLetter(
      Connection connection, String stage, List<Bind> row, SQLException why) throws SQLException {
    StringJoiner values = new StringJoiner(", ", "[", "]");
    for (Bind b : row) {
      values.add(String.valueOf(b.args()[1]));
    }
    DeadLetter d =
        new DeadLetter(
            stage,
            null,
            -1,
            -1,
            System.currentTimeMillis(),
            "unwritable-row",
            "the database refuses this row (" + stateOf(why) + "): " + firstLine(why),
            values.toString());
    DeadLettersTable table = new DeadLettersTable();
    try (PreparedStatement ps = connection.prepareStatement(table.upsertSql())) {
      table.bind(StorableText.statement(ps), d);
      ps.executeUpdate();
    }
    LOG.warn("{}: row refused by the database, kept as a dead letter: {}", stage, d.detail());
  }

  private static String stateOf(SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      if (x.getSQLState() != null) {
        return "SQLState " + x.getSQLState();
      }
    }
    return "no SQLState";
  }

  private static String firstLine(SQLException e) {
    SQLException x =
        e instanceof BatchUpdateException && e.getNextException() != null
            ? e.getNextException()
            : e;
    String m = x.getMessage() == null ? x.getClass().getSimpleName() : x.getMessage();
    return m.strip().lines().findFirst().orElse("");
  }
}
