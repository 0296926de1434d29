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
    return new DbSettings(
        url != null ? url : env.getOrDefault("TRADING_DB_URL", DEFAULT_URL),
        user != null ? user : env.getOrDefault("TRADING_DB_USER", DEFAULT_USER),
        env.getOrDefault("TRADING_DB_PASSWORD", ""));
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

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  @Override
  public String toString() {
    return "DbSettings[" + url + " as " + user + "]";
  }
}
