package io.github.flinktrader.db;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * Where the results database is. The password comes only from {@code TRADING_DB_PASSWORD}; it is
 * never logged ({@link #toString()} leaves it out).
 */
public final class DbSettings implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/trading";
  public static final String DEFAULT_USER = "trading";

  /**
   * The password {@code scripts/postgres.sh} gives the role on the local development server when
   * {@code TRADING_DB_PASSWORD} is unset. It is used only for a loopback URL; anywhere else the
   * password must come from the environment.
   */
  static final String LOCAL_DEV_PASSWORD = "trading-local-dev";

  private final String url;
  private final String user;
  private final String password;

  public DbSettings(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** Explicit values win, then {@code TRADING_DB_URL}/{@code TRADING_DB_USER}, then defaults. */
  public static DbSettings from(String url, String user, Map<String, String> env) {
    String resolvedUrl = url != null ? url : env.getOrDefault("TRADING_DB_URL", DEFAULT_URL);
    String password = env.get("TRADING_DB_PASSWORD");
    if (password == null) {
      password = isLoopback(resolvedUrl) ? LOCAL_DEV_PASSWORD : "";
    }
    return new DbSettings(
        resolvedUrl,
        user != null ? user : env.getOrDefault("TRADING_DB_USER", DEFAULT_USER),
        password);
  }

  static boolean isLoopback(String jdbcUrl) {
    return jdbcUrl.startsWith("jdbc:postgresql://127.0.0.1")
        || jdbcUrl.startsWith("jdbc:postgresql://localhost");
  }

  public static DbSettings fromEnvironment() {
    return from(null, null, System.getenv());
  }

  public String url() {
    return url;
  }

  public String user() {
    return user;
  }

  String password() {
    return password;
  }

  /** Seconds a connection attempt may take before it fails (an unreachable server, a firewall). */
  static final int CONNECT_TIMEOUT_S = 5;

  public Connection connect() throws SQLException {
    java.util.Properties p = new java.util.Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_S));
    p.setProperty("loginTimeout", Integer.toString(2 * CONNECT_TIMEOUT_S));
    return DriverManager.getConnection(url, p);
  }

  @Override
  public String toString() {
    return "DbSettings[" + url + " as " + user + "]";
  }
}
