package io.github.flinktrader.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.flinktrader.serde.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * A local Alpaca: the Trading API v2 endpoints the broker uses and the {@code trade_updates}
 * WebSocket, in Alpaca's wire formats (numbers as strings, binary frames on the stream), with the
 * misbehaviours a real broker shows injected on demand: 5xx before or after the order was created,
 * an answer that never comes, 429 with Retry-After, refusals (403), a duplicate client order id
 * (422), and a dropped stream that loses the updates sent while it is down.
 *
 * <p>Market orders fill on their own shortly after they are accepted, in two executions (half, then
 * the rest) at {@link #price}; {@link #holdFills()} keeps them working instead.
 */
public final class FakeAlpaca implements AutoCloseable {

  public static final String KEY = "test-key-id";
  public static final String SECRET = "test-secret-key";

  private final String key;
  private final String secret;
  private final Map<String, BigDecimal> lastPrices = new ConcurrentHashMap<>();

  /** One scripted misbehaviour of {@code POST /v2/orders}. */
  public enum Fault {
    /** 500, the order is not created. */
    ERROR_BEFORE,
    /** The order is created, then 500: the answer is lost. */
    ERROR_AFTER,
    /** The order is created, then the answer hangs past the client's timeout. */
    HANG_AFTER,
    /** 429 with Retry-After: 1, not created. */
    RATE_LIMITED,
    /** 403 insufficient buying power. */
    REFUSE
  }

  private final HttpServer http;
  private final Stream stream;
  private final ScheduledExecutorService fills = Executors.newSingleThreadScheduledExecutor();
  private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
  private final Map<String, ObjectNode> byClientId = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> creations = new ConcurrentHashMap<>();
  private final Map<String, BigDecimal> positions = new ConcurrentHashMap<>();
  private final AtomicInteger posts = new AtomicInteger();
  private final AtomicInteger executions = new AtomicInteger();
  private final AtomicBoolean streamDown = new AtomicBoolean();
  private volatile boolean hold;
  private volatile long hangMillis = 2_000;
  public volatile BigDecimal price = new BigDecimal("100.5");

  public FakeAlpaca() throws Exception {
    this(KEY, SECRET);
  }

  /** A fake that accepts only these keys (the demo passes the ones from the environment). */
  public FakeAlpaca(String key, String secret) throws Exception {
    this.key = key;
    this.secret = secret;
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.setExecutor(Executors.newFixedThreadPool(8));
    http.createContext("/", this::handle);
    http.start();
    stream = new Stream();
    stream.setReuseAddr(true);
    stream.start();
    if (!stream.started.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the fake trade-updates stream did not start");
    }
  }

  public URI restUrl() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
  }

  public URI streamUrl() {
    return URI.create("ws://127.0.0.1:" + stream.getPort() + "/stream");
  }

  /** The next POSTs misbehave in this order. */
  public void inject(Fault... f) {
    faults.addAll(List.of(f));
  }

  public void hangFor(long millis) {
    hangMillis = millis;
  }

  /** New orders stay working (no fills) until {@link #fill}. */
  public void holdFills() {
    hold = true;
  }

  /** How many times an order with this client order id was created (must never exceed 1). */
  public int creations(String clientOrderId) {
    AtomicInteger n = creations.get(clientOrderId);
    return n == null ? 0 : n.get();
  }

  public int posts() {
    return posts.get();
  }

  /** The next {@code n} stream authentications get no answer at all. */
  public void ignoreAuthentications(int n) {
    ignoredAuthentications.set(n);
  }

  public int listeners() {
    return stream.listening.size();
  }

  /** Closes every stream connection and loses all updates until a client listens again. */
  public void dropStream() {
    streamDown.set(true);
    for (WebSocket ws : stream.getConnections()) {
      ws.close(1011, "dropped by the test");
    }
    stream.listening.clear();
  }

  /** The price market orders in {@code alpacaSymbol} fill at from now on (else {@link #price}). */
  public void lastPrice(String alpacaSymbol, BigDecimal p) {
    lastPrices.put(alpacaSymbol, p);
  }

  /** A position change Alpaca sees but no order of the system made (a trade by hand). */
  public void tradeOutsideTheSystem(String alpacaSymbol, BigDecimal signedQty) {
    positions.merge(alpacaSymbol, signedQty, BigDecimal::add);
  }

  /** An execution of {@code qty} of the order at {@code px}. */
  public synchronized void fill(String clientOrderId, BigDecimal qty, BigDecimal px) {
    ObjectNode o = byClientId.get(clientOrderId);
    BigDecimal filled = new BigDecimal(o.get("filled_qty").asText());
    BigDecimal total = new BigDecimal(o.get("qty").asText());
    BigDecimal avg =
        o.get("filled_avg_price").isNull()
            ? BigDecimal.ZERO
            : new BigDecimal(o.get("filled_avg_price").asText());
    BigDecimal newFilled = filled.add(qty);
    BigDecimal newAvg =
        avg.multiply(filled).add(px.multiply(qty)).divide(newFilled, MathContext.DECIMAL64);
    o.put("filled_qty", newFilled.toPlainString());
    o.put("filled_avg_price", newAvg.stripTrailingZeros().toPlainString());
    boolean done = newFilled.compareTo(total) >= 0;
    o.put("status", done ? "filled" : "partially_filled");
    BigDecimal signed = "buy".equals(o.get("side").asText()) ? qty : qty.negate();
    positions.merge(o.get("symbol").asText(), signed, BigDecimal::add);
    ObjectNode data = Json.mapper().createObjectNode();
    data.put("event", done ? "fill" : "partial_fill");
    data.put("execution_id", "exec-" + executions.incrementAndGet());
    data.put("price", px.toPlainString());
    data.put("qty", qty.toPlainString());
    data.put("position_qty", positions.get(o.get("symbol").asText()).toPlainString());
    data.put("timestamp", Instant.now().toString());
    data.set("order", o.deepCopy());
    publish(data);
  }

  private void publish(ObjectNode data) {
    if (streamDown.get()) {
      return;
    }
    ObjectNode msg = Json.mapper().createObjectNode();
    msg.put("stream", "trade_updates");
    msg.set("data", data);
    byte[] bytes = Json.write(msg);
    for (WebSocket ws : stream.listening) {
      if (ws.isOpen()) {
        ws.send(ByteBuffer.wrap(bytes));
      }
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!key.equals(ex.getRequestHeaders().getFirst("APCA-API-KEY-ID"))
          || !secret.equals(ex.getRequestHeaders().getFirst("APCA-API-SECRET-KEY"))) {
        send(ex, 401, "{\"code\":40110000,\"message\":\"request is not authorized\"}");
        return;
      }
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (method.equals("POST") && path.equals("/v2/orders")) {
        postOrder(ex);
      } else if (method.equals("GET") && path.equals("/v2/orders:by_client_order_id")) {
        String id = query(ex).get("client_order_id");
        ObjectNode o = id == null ? null : byClientId.get(id);
        if (o == null) {
          send(ex, 404, "{\"code\":40410000,\"message\":\"order not found\"}");
        } else {
          send(ex, 200, Json.mapper().writeValueAsString(o));
        }
      } else if (method.equals("GET") && path.equals("/v2/orders")) {
        ArrayNode a = Json.mapper().createArrayNode();
        for (ObjectNode o : byClientId.values()) {
          if (!terminal(o.get("status").asText())) {
            a.add(o);
          }
        }
        send(ex, 200, Json.mapper().writeValueAsString(a));
      } else if (method.equals("DELETE") && path.equals("/v2/orders")) {
        ArrayNode a = Json.mapper().createArrayNode();
        synchronized (this) {
          for (ObjectNode o : byClientId.values()) {
            String s = o.get("status").asText();
            if (!terminal(s)) {
              o.put("status", "canceled");
              a.addObject().put("id", o.get("id").asText()).put("status", 200);
              ObjectNode data = Json.mapper().createObjectNode();
              data.put("event", "canceled");
              data.put("timestamp", Instant.now().toString());
              data.set("order", o.deepCopy());
              publish(data);
            }
          }
        }
        send(ex, 207, Json.mapper().writeValueAsString(a));
      } else if (method.equals("GET") && path.equals("/v2/positions")) {
        ArrayNode a = Json.mapper().createArrayNode();
        positions.forEach(
            (symbol, q) -> {
              if (q.signum() != 0) {
                a.addObject()
                    .put("symbol", symbol)
                    .put("qty", q.abs().toPlainString())
                    .put("side", q.signum() > 0 ? "long" : "short");
              }
            });
        send(ex, 200, Json.mapper().writeValueAsString(a));
      } else if (method.equals("GET") && path.equals("/v2/account")) {
        send(
            ex,
            200,
            "{\"cash\":\"100000\",\"buying_power\":\"100000\",\"equity\":\"100000\",\"trading_blocked\":false}");
      } else {
        send(ex, 404, "{\"code\":40410000,\"message\":\"endpoint not found\"}");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void postOrder(HttpExchange ex) throws IOException, InterruptedException {
    posts.incrementAndGet();
    JsonNode req = Json.mapper().readTree(ex.getRequestBody().readAllBytes());
    Fault fault = faults.poll();
    if (fault == Fault.ERROR_BEFORE) {
      send(ex, 500, "{\"message\":\"internal server error\"}");
      return;
    }
    if (fault == Fault.RATE_LIMITED) {
      ex.getResponseHeaders().add("Retry-After", "1");
      send(ex, 429, "{\"code\":42910000,\"message\":\"rate limit exceeded\"}");
      return;
    }
    if (fault == Fault.REFUSE) {
      send(ex, 403, "{\"code\":40310000,\"message\":\"insufficient buying power\"}");
      return;
    }
    String id = req.path("client_order_id").asText();
    ObjectNode o;
    synchronized (this) {
      if (byClientId.containsKey(id)) {
        send(ex, 422, "{\"code\":40010001,\"message\":\"client_order_id must be unique\"}");
        return;
      }
      o = Json.mapper().createObjectNode();
      o.put("id", UUID.randomUUID().toString());
      o.put("client_order_id", id);
      o.put("created_at", Instant.now().toString());
      o.put("symbol", req.path("symbol").asText());
      o.put("side", req.path("side").asText());
      o.put("type", req.path("type").asText());
      o.put("qty", req.path("qty").asText());
      o.put("filled_qty", "0");
      o.putNull("filled_avg_price");
      o.put("status", "accepted");
      byClientId.put(id, o);
      creations.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      ObjectNode data = Json.mapper().createObjectNode();
      data.put("event", "new");
      data.put("timestamp", Instant.now().toString());
      data.set("order", o.deepCopy());
      publish(data);
    }
    if (!hold && "market".equals(req.path("type").asText())) {
      BigDecimal qty = new BigDecimal(req.path("qty").asText());
      BigDecimal half = qty.divide(BigDecimal.valueOf(2));
      String symbol = req.path("symbol").asText();
      BigDecimal first = lastPrices.getOrDefault(symbol, price);
      BigDecimal second = lastPrices.containsKey(symbol) ? first : first.add(BigDecimal.ONE);
      fills.schedule(() -> fill(id, half, first), 30, TimeUnit.MILLISECONDS);
      fills.schedule(() -> fill(id, qty.subtract(half), second), 60, TimeUnit.MILLISECONDS);
    }
    if (fault == Fault.ERROR_AFTER) {
      send(ex, 500, "{\"message\":\"internal server error\"}");
      return;
    }
    if (fault == Fault.HANG_AFTER) {
      Thread.sleep(hangMillis);
    }
    send(ex, 200, Json.mapper().writeValueAsString(o));
  }

  /** Alpaca's final order statuses (its documented order lifecycle), as the broker sends them. */
  private static boolean terminal(String status) {
    return switch (status) {
      case "filled", "canceled", "expired", "rejected", "done_for_day", "replaced" -> true;
      default -> false;
    };
  }

  private static Map<String, String> query(HttpExchange ex) {
    Map<String, String> q = new java.util.HashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String kv : raw.split("&")) {
        int i = kv.indexOf('=');
        if (i > 0) {
          q.put(kv.substring(0, i), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return q;
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    } catch (IOException e) {
      // the client gave up waiting (a hang fault): nothing to answer
    }
  }

  @Override
  public void close() throws Exception {
    fills.shutdownNow();
    http.stop(0);
    stream.stop(1000);
  }

  private final java.util.concurrent.atomic.AtomicInteger ignoredAuthentications =
      new java.util.concurrent.atomic.AtomicInteger();

  private final class Stream extends WebSocketServer {
    final List<WebSocket> listening = new CopyOnWriteArrayList<>();
    final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);

    Stream() {
      super(new InetSocketAddress("127.0.0.1", 0));
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {}

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
      listening.remove(conn);
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
      handleMessage(conn, message);
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {
      handleMessage(conn, StandardCharsets.UTF_8.decode(message).toString());
    }

    private void handleMessage(WebSocket conn, String message) {
      JsonNode n;
      try {
        n = Json.mapper().readTree(message);
      } catch (IOException e) {
        return;
      }
      String action = n.path("action").asText();
      if (action.equals("authenticate")) {
        if (ignoredAuthentications.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
          return;
        }
        boolean ok =
            key.equals(n.path("data").path("key_id").asText())
                && secret.equals(n.path("data").path("secret_key").asText());
        conn.send(
            ByteBuffer.wrap(
                ("{\"stream\":\"authorization\",\"data\":{\"status\":\""
                        + (ok ? "authorized" : "unauthorized")
                        + "\",\"action\":\"authenticate\"}}")
                    .getBytes(StandardCharsets.UTF_8)));
      } else if (action.equals("listen")) {
        streamDown.set(false);
        listening.add(conn);
        conn.send(
            ByteBuffer.wrap(
                "{\"stream\":\"listening\",\"data\":{\"streams\":[\"trade_updates\"]}}"
                    .getBytes(StandardCharsets.UTF_8)));
      }
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {}

    @Override
    public void onStart() {
      started.countDown();
    }
  }
}
