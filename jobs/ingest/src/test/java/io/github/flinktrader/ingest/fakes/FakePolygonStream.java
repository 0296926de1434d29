package io.github.flinktrader.ingest.fakes;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * Polygon's WebSocket cluster as it behaves: {@code connected} status on open, {@code auth} with
 * the key answered by {@code auth_success} or {@code auth_failed}, {@code subscribe} answered per
 * channel, events always in JSON arrays. The test pushes events, drops connections mid-stream, or
 * makes the server refuse the key.
 */
public final class FakePolygonStream extends WebSocketServer {

  private final String key;
  private final List<WebSocket> subscribed = new CopyOnWriteArrayList<>();
  private final List<String> subscriptions = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final CountDownLatch started = new CountDownLatch(1);
  private volatile boolean refuseKey;

  public FakePolygonStream(String key) {
    super(new InetSocketAddress("127.0.0.1", 0));
    this.key = key;
    setReuseAddr(true);
  }

  public static FakePolygonStream started(String key) throws InterruptedException {
    FakePolygonStream s = new FakePolygonStream(key);
    s.start();
    if (!s.started.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("fake Polygon stream did not start");
    }
    return s;
  }

  public URI uri() {
    return URI.create("ws://127.0.0.1:" + getPort() + "/stocks");
  }

  public void refuseKey(boolean refuse) {
    this.refuseKey = refuse;
  }

  public int connections() {
    return connections.get();
  }

  /** Subscriptions received, in order, over all connections. */
  public List<String> subscriptions() {
    return subscriptions;
  }

  /** Sends a message (a JSON array of events, or anything) to every subscribed client. */
  public void push(String message) {
    for (WebSocket ws : subscribed) {
      if (ws.isOpen()) {
        ws.send(message);
      }
    }
  }

  /** Waits until some client is subscribed. */
  public void awaitSubscribed(long millis) throws InterruptedException {
    long until = System.currentTimeMillis() + millis;
    while (subscribed.stream().noneMatch(WebSocket::isOpen)) {
      if (System.currentTimeMillis() > until) {
        throw new IllegalStateException("no client subscribed within " + millis + " ms");
      }
      Thread.sleep(20);
    }
  }

  /** Drops every connection without a close handshake, as a network failure would. */
  public void dropAll() {
    for (WebSocket ws : subscribed) {
      ws.closeConnection(1006, "dropped by the test");
    }
    subscribed.clear();
  }

  @Override
  public void onStart() {
    started.countDown();
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    connections.incrementAndGet();
    conn.send(
        "[{\"ev\":\"status\",\"status\":\"connected\",\"message\":\"Connected Successfully\"}]");
  }

  @Override
  public void onMessage(WebSocket conn, String message) {
    if (message.contains("\"action\":\"auth\"")) {
      if (!refuseKey && message.contains("\"params\":\"" + key + "\"")) {
        conn.send(
            "[{\"ev\":\"status\",\"status\":\"auth_success\",\"message\":\"authenticated\"}]");
      } else {
        conn.send(
            "[{\"ev\":\"status\",\"status\":\"auth_failed\",\"message\":\"authentication failed\"}]");
        conn.close(1008, "auth failed");
      }
    } else if (message.contains("\"action\":\"subscribe\"")) {
      int start = message.indexOf("\"params\":\"") + 10;
      String params = message.substring(start, message.indexOf('"', start));
      subscriptions.add(params);
      StringBuilder answer = new StringBuilder("[");
      for (String channel : params.split(",")) {
        if (answer.length() > 1) {
          answer.append(',');
        }
        answer
            .append("{\"ev\":\"status\",\"status\":\"success\",\"message\":\"subscribed to: ")
            .append(channel)
            .append("\"}");
      }
      conn.send(answer.append(']').toString());
      subscribed.add(conn);
    }
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    subscribed.remove(conn);
  }

  @Override
  public void onError(WebSocket conn, Exception ex) {}
}
