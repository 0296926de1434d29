package io.github.flinktrader.ingest.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The part every fake HTTP API shares: a real HTTP server on a free loopback port, and a queue of
 * faults served instead of the next answers (429 with a reset header, 5xx, a malformed body, a hang
 * past the client's timeout).
 */
public abstract class FakeHttp implements AutoCloseable {

  /** One scripted misbehaviour. */
  public record Fault(int status, Map<String, String> headers, String body, long delayMillis) {
    public static Fault status(int status) {
      return new Fault(status, Map.of(), "{\"error\":\"injected\"}", 0);
    }

    public static Fault rateLimited(int resetSeconds) {
      return new Fault(
          429,
          Map.of("X-Ratelimit-Remaining", "0", "X-Ratelimit-Reset", Integer.toString(resetSeconds)),
          "{\"message\":\"Too Many Requests\",\"error\":429}",
          0);
    }

    public static Fault body(String body) {
      return new Fault(200, Map.of(), body, 0);
    }

    public static Fault hang(long millis) {
      return new Fault(200, Map.of(), "{}", millis);
    }
  }

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
  private final AtomicInteger requests = new AtomicInteger();

  protected FakeHttp() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            requests.incrementAndGet();
            Fault fault = faults.poll();
            if (fault != null) {
              if (fault.delayMillis() > 0) {
                Thread.sleep(fault.delayMillis());
              }
              fault.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
              send(exchange, fault.status(), fault.body());
              return;
            }
            handle(exchange);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (RuntimeException | IOException e) {
            send(exchange, 500, "{\"error\":\"" + e + "\"}");
          }
        });
    server.start();
  }

  protected abstract void handle(HttpExchange exchange) throws IOException;

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Served, in order, instead of the next answers. */
  public void inject(Fault... next) {
    for (Fault f : next) {
      faults.add(f);
    }
  }

  public int requests() {
    return requests.get();
  }

  protected static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  protected static Map<String, String> query(URI uri) {
    Map<String, String> q = new java.util.HashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      q.put(
          java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
          eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return q;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
