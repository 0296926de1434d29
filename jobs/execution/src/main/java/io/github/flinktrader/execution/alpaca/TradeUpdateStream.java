package io.github.flinktrader.execution.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinktrader.http.Secrets;
import io.github.flinktrader.serde.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alpaca's {@code trade_updates} WebSocket: authenticates, listens, and queues every update for the
 * broker operator to take on its own thread. A dropped connection is reopened with backoff, and
 * each reconnection is counted as a gap: the updates sent while it was down are lost to the stream,
 * so the operator reconciles with the REST API after every gap (no fill is lost). A connection
 * whose authentication and subscription are not confirmed within the handshake timeout is replaced
 * the same way: a server that accepts the socket and then says nothing must not leave the stream
 * deaf.
 */
public final class TradeUpdateStream implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TradeUpdateStream.class);

  /** How long a new connection may take to confirm it listens before it is replaced. */
  public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);

  private final URI uri;
  private final Secrets.Secret keyId;
  private final Secrets.Secret secretKey;
  private final Duration handshakeTimeout;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ConcurrentLinkedQueue<TradeUpdate> updates = new ConcurrentLinkedQueue<>();
  private final ScheduledExecutorService reconnects =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "alpaca-trade-updates");
            t.setDaemon(true);
            return t;
          });
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean listening = new AtomicBoolean();
  private final AtomicBoolean reconnecting = new AtomicBoolean();
  private final AtomicLong gaps = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();
  private volatile WebSocket socket;
  private volatile int failures;

  public TradeUpdateStream(URI uri, Secrets.Secret keyId, Secrets.Secret secretKey) {
    this(uri, keyId, secretKey, HANDSHAKE_TIMEOUT);
  }

  public TradeUpdateStream(
      URI uri, Secrets.Secret keyId, Secrets.Secret secretKey, Duration handshakeTimeout) {
    this.uri = uri;
    this.keyId = keyId;
    this.secretKey = secretKey;
    this.handshakeTimeout = handshakeTimeout;
  }

  /** Opens the connection (and keeps it open until {@link #close()}). */
  public void start() {
    reconnects.execute(this::connect);
  }

  /** Everything received since the last call, in arrival order. */
  public List<TradeUpdate> drain() {
    List<TradeUpdate> out = new ArrayList<>();
    TradeUpdate u;
    while ((u = updates.poll()) != null) {
      out.add(u);
    }
    return out;
  }

  /** Reconnections so far: each may have lost updates. */
  public long gaps() {
    return gaps.get();
  }

  public boolean listening() {
    return listening.get();
  }

  private void connect() {
    if (closed.get()) {
      return;
    }
    WebSocket previous = socket;
    socket = null; // events of the old connection are ignored from here on
    if (previous != null) {
      previous.abort(); // never two connections: each would deliver every update
    }
    try {
      socket =
          http.newWebSocketBuilder()
              .connectTimeout(Duration.ofSeconds(10))
              .buildAsync(uri, new Listener())
              .get(15, TimeUnit.SECONDS);
      if (connections.incrementAndGet() > 1) {
        gaps.incrementAndGet();
      }
      socket.sendText(
          "{\"action\":\"authenticate\",\"data\":{\"key_id\":\""
              + keyId.reveal()
              + "\",\"secret_key\":\""
              + secretKey.reveal()
              + "\"}}",
          true);
      WebSocket opened = socket;
      reconnects.schedule(
          () -> {
            if (!closed.get() && socket == opened && !listening.get()) {
              LOG.warn(
                  "alpaca stream: not listening {} ms after connecting, reconnecting",
                  handshakeTimeout.toMillis());
              retryLater();
            }
          },
          handshakeTimeout.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("alpaca stream: cannot connect to {}: {}", uri.getHost(), e.toString());
      retryLater();
    }
  }

  private void retryLater() {
    listening.set(false);
    if (closed.get() || reconnecting.getAndSet(true)) {
      return; // closing, or a reconnection is already scheduled (onClose and onError both come)
    }
    int n = Math.min(++failures, 4);
    reconnects.schedule(
        () -> {
          reconnecting.set(false);
          connect();
        },
        100L << n, // 0.2 s up to 1.6 s
        TimeUnit.MILLISECONDS);
  }

  private void onMessage(WebSocket ws, String text) {
    JsonNode n;
    try {
      n = Json.mapper().readTree(text);
    } catch (Exception e) {
      LOG.warn("alpaca stream: malformed message ignored ({} characters)", text.length());
      return;
    }
    String stream = n.path("stream").asText();
    JsonNode data = n.path("data");
    switch (stream) {
      case "authorization" -> {
        if ("authorized".equals(data.path("status").asText())) {
          ws.sendText("{\"action\":\"listen\",\"data\":{\"streams\":[\"trade_updates\"]}}", true);
        } else {
          LOG.error("alpaca stream: not authorized; check APCA_API_KEY_ID / APCA_API_SECRET_KEY");
        }
      }
      case "listening" -> {
        failures = 0;
        listening.set(true);
      }
      case "trade_updates" -> {
        try {
          updates.add(TradeUpdate.from(data));
        } catch (RuntimeException e) {
          // The reconciliation finds what this update would have said.
          LOG.warn("alpaca stream: unreadable trade update skipped: {}", e.toString());
        }
      }
      default -> LOG.debug("alpaca stream: {} message ignored", stream);
    }
  }

  @Override
  public void close() {
    closed.set(true);
    WebSocket s = socket;
    if (s != null) {
      s.abort();
    }
    reconnects.shutdownNow();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();
    private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String message = text.toString();
        text.setLength(0);
        onMessage(ws, message);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      binary.writeBytes(bytes);
      if (last) {
        String message = binary.toString(StandardCharsets.UTF_8);
        binary.reset();
        onMessage(ws, message);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      if (ws != socket) {
        return null; // a connection replaced already
      }
      LOG.warn("alpaca stream closed ({}), reconnecting", status);
      retryLater();
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      if (ws != socket) {
        return; // a connection replaced already
      }
      LOG.warn("alpaca stream error: {}, reconnecting", error.toString());
      retryLater();
    }
  }
}
