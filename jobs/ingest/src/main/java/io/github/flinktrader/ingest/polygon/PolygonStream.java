package io.github.flinktrader.ingest.polygon;

import io.github.flinktrader.http.Secrets.Secret;
import io.github.flinktrader.ingest.polygon.PolygonWire.Item;
import io.github.flinktrader.ingest.polygon.PolygonWire.Rejected;
import io.github.flinktrader.ingest.polygon.PolygonWire.Status;
import io.github.resilience4j.core.IntervalFunction;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live Polygon WebSocket session: authenticates when the server says {@code connected},
 * subscribes once authenticated, and puts every event into a bounded queue. Flow control is the
 * WebSocket's own: the next frame is requested only after the previous one is queued, so a full
 * queue slows the socket instead of growing memory.
 *
 * <p>A dropped connection, an error, or a connection silent for longer than {@code silence} (the
 * feed sends at least a bar a minute per subscribed symbol during trading) is reconnected with
 * exponential backoff and jitter, then authenticated and subscribed again; a {@link Reconnected}
 * marker in the queue tells the consumer there may be a gap to fill. A refused key ({@code
 * auth_failed}) stops the session: retrying a wrong key only gets it blocked.
 */
public final class PolygonStream implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PolygonStream.class);

  /** Put into the queue when a session is subscribed again after a connection was lost. */
  public record Reconnected(int connection) implements Marker {}

  /** Put into the queue when the key was refused; nothing more will come. */
  public record AuthFailed(String message) implements Marker {}

  /** Queue entries that are not events. */
  public sealed interface Marker permits Reconnected, AuthFailed {}

  private final URI uri;
  private final Secret apiKey;
  private final List<String> channels;
  private final Duration silence;
  private final IntervalFunction backoff;
  private final BlockingQueue<Object> queue;
  private final ExecutorService listenerThread = Executors.newSingleThreadExecutor(daemon("ws"));
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(daemon("ws-watchdog"));
  private final HttpClient client;
  private final AtomicReference<WebSocket> socket = new AtomicReference<>();
  private final AtomicLong lastMessageAt = new AtomicLong();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger failedAttempts = new AtomicInteger();
  private volatile boolean closed;
  private volatile boolean subscribedOnce;

  /**
   * @param channels e.g. {@code AM.AAPL}, {@code T.MSFT}, {@code XA.BTC-USD}
   * @param queue receives {@link Item}s and {@link Marker}s
   */
  public PolygonStream(
      URI uri,
      Secret apiKey,
      List<String> channels,
      Duration silence,
      Duration initialBackoff,
      Duration maxBackoff,
      BlockingQueue<Object> queue) {
    this.uri = uri;
    this.apiKey = apiKey;
    this.channels = List.copyOf(channels);
    this.silence = silence;
    this.backoff =
        IntervalFunction.ofExponentialRandomBackoff(initialBackoff, 2.0, 0.5, maxBackoff);
    this.queue = queue;
    this.client = HttpClient.newBuilder().executor(listenerThread).build();
  }

  public void start() {
    connect();
    long check = Math.max(50, silence.toMillis() / 4);
    timer.scheduleWithFixedDelay(this::watchdog, check, check, TimeUnit.MILLISECONDS);
  }

  /** Connections opened so far, the first included. */
  public int connections() {
    return connections.get();
  }

  private void connect() {
    if (closed) {
      return;
    }
    lastMessageAt.set(System.currentTimeMillis());
    client
        .newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .buildAsync(uri, new Listener())
        .whenComplete(
            (ws, error) -> {
              if (error != null) {
                LOG.warn(
                    "polygon stream: cannot connect to {}: {}", uri.getHost(), error.toString());
                scheduleReconnect();
              } else {
                socket.set(ws);
                connections.incrementAndGet();
              }
            });
  }

  private void scheduleReconnect() {
    if (closed) {
      return;
    }
    long wait = backoff.apply(failedAttempts.incrementAndGet());
    LOG.info("polygon stream: reconnecting in {} ms", wait);
    timer.schedule(this::connect, wait, TimeUnit.MILLISECONDS);
  }

  private void watchdog() {
    WebSocket ws = socket.get();
    if (closed || ws == null) {
      return;
    }
    if (System.currentTimeMillis() - lastMessageAt.get() > silence.toMillis()) {
      LOG.warn("polygon stream: silent for more than {}, reconnecting", silence);
      if (socket.compareAndSet(ws, null)) {
        ws.abort();
        scheduleReconnect();
      }
    }
  }

  private void onMessage(WebSocket ws, String text) throws InterruptedException {
    lastMessageAt.set(System.currentTimeMillis());
    for (Item item : PolygonWire.streamMessage(text)) {
      if (item instanceof Status s) {
        onStatus(ws, s);
      } else {
        queue.put(item);
      }
    }
  }

  private void onStatus(WebSocket ws, Status s) throws InterruptedException {
    switch (s.status()) {
      case "connected" ->
          ws.sendText(
              "{\"action\":\"auth\",\"params\":"
                  + PolygonWire.MAPPER.valueToTree(apiKey.reveal())
                  + "}",
              true);
      case "auth_success" -> {
        ws.sendText(
            "{\"action\":\"subscribe\",\"params\":\"" + String.join(",", channels) + "\"}", true);
        failedAttempts.set(0);
        if (subscribedOnce) {
          queue.put(new Reconnected(connections.get()));
        }
        subscribedOnce = true;
      }
      case "auth_failed" -> {
        LOG.error("polygon stream: the API key was refused: {}", s.message());
        queue.put(new AuthFailed(s.message()));
        close();
      }
      case "success" -> LOG.info("polygon stream: {}", s.message());
      default ->
          queue.put(
              new Rejected(
                  "stream-status-" + s.status(),
                  s.message(),
                  "{\"ev\":\"status\",\"status\":\"" + s.status() + "\"}"));
    }
  }

  @Override
  public void close() {
    closed = true;
    WebSocket ws = socket.getAndSet(null);
    if (ws != null) {
      ws.abort();
    }
    timer.shutdownNow();
    listenerThread.shutdownNow();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public void onOpen(WebSocket ws) {
      ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        try {
          onMessage(ws, text);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return CompletableFuture.completedFuture(null);
        }
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      return onText(ws, StandardCharsets.UTF_8.decode(data), last);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      LOG.warn("polygon stream: closed by the server ({} {})", statusCode, reason);
      if (socket.compareAndSet(ws, null)) {
        scheduleReconnect();
      }
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      LOG.warn("polygon stream: {}", error.toString());
      if (socket.compareAndSet(ws, null)) {
        scheduleReconnect();
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, "polygon-" + name);
      t.setDaemon(true);
      return t;
    };
  }
}
