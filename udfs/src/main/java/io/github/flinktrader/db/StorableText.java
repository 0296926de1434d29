package io.github.flinktrader.db;

import io.github.flinktrader.text.SafeText;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;

/**
 * Makes every text a sink binds storable ({@link SafeText#clean}): strings set on the statement and
 * the elements of text arrays made through its connection. A text that PostgreSQL refuses (a NUL
 * character, say) can never be written, so without this one such row fails its sink on every retry
 * and restarts the job forever. Wrapping the statement, rather than asking each {@link Table} to
 * remember, covers every column of every table, including those added later.
 */
final class StorableText {

  private StorableText() {}

  static PreparedStatement statement(PreparedStatement ps) {
    return (PreparedStatement)
        Proxy.newProxyInstance(
            StorableText.class.getClassLoader(),
            new Class<?>[] {PreparedStatement.class},
            new Handler(ps));
  }

  private static Connection connection(Connection c) {
    return (Connection)
        Proxy.newProxyInstance(
            StorableText.class.getClassLoader(), new Class<?>[] {Connection.class}, new Handler(c));
  }

  private record Handler(Object target) implements InvocationHandler {

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (args != null) {
        for (int i = 0; i < args.length; i++) {
          if (args[i] instanceof String s) {
            args[i] = SafeText.clean(s);
          } else if (args[i] instanceof Object[] array
              && method.getName().equals("createArrayOf")) {
            Object[] copy = array.clone();
            for (int j = 0; j < copy.length; j++) {
              if (copy[j] instanceof String s) {
                copy[j] = SafeText.clean(s);
              }
            }
            args[i] = copy;
          }
        }
      }
      Object result;
      try {
        result = method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      return result instanceof Connection c && method.getName().equals("getConnection")
          ? connection(c)
          : result;
    }
  }
}
