package io.github.flinktrader.execution.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.flinktrader.http.ApiException;
import io.github.flinktrader.http.ApiPolicy;
import io.github.flinktrader.http.ResilientHttp;
import io.github.flinktrader.http.Secrets;
import io.github.flinktrader.records.Order;
import io.github.flinktrader.records.OrderType;
import io.github.flinktrader.records.Side;
import io.github.flinktrader.serde.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thin client of Alpaca's Trading API v2 on {@code java.net.http}. Reads retry with backoff
 * ({@link ResilientHttp}); submitting an order never blindly resends: after a timeout, a 5xx or a
 * 429 it first looks the order up by its {@code client_order_id} and resends only when Alpaca does
 * not have it, so an order reaches the broker at most once even when the answer to the first
 * attempt was lost. A refusal because the id was used before is answered with the existing order.
 * Keys travel only in headers; logs carry paths and statuses, never headers.
 */
public final class AlpacaClient {

  private static final Logger LOG = LoggerFactory.getLogger(AlpacaClient.class);

  /** The paper-trading endpoint, the default. */
  public static final URI PAPER = URI.create("https://paper-api.alpaca.markets");

  /** The live endpoint: only with an explicit flag. */
  public static final URI LIVE = URI.create("https://api.alpaca.markets");

  /** What became of a submission. */
  public sealed interface Submission permits Accepted, Refused {}

  /**
   * Alpaca has the order.
   *
   * @param attempts POST requests sent for it
   * @param foundByLookup true when the order was found by its client order id after a lost answer
   *     or a duplicate-id refusal, rather than returned by the POST
   */
  public record Accepted(AlpacaOrder order, int attempts, boolean foundByLookup)
      implements Submission {}

  /** Alpaca refused the order (403 buying power, 422 parameters): resending will not help. */
  public record Refused(int status, String reason) implements Submission {}

  private final URI base;
  private final Secrets.Secret keyId;
  private final Secrets.Secret secretKey;
  private final ApiPolicy policy;
  private final ResilientHttp reads;
  private final ResilientHttp posts;
  private final Map<String, String> symbols;

  /**
   * @param symbols the system's symbol to Alpaca's, for those that differ (crypto pairs such as
   *     {@code BTCUSD} are mapped to {@code BTC/USD} without being listed)
   */
  public AlpacaClient(
      URI base,
      Secrets.Secret keyId,
      Secrets.Secret secretKey,
      ApiPolicy policy,
      Map<String, String> symbols) {
    this.base = base;
    this.keyId = keyId;
    this.secretKey = secretKey;
    this.policy = policy;
    this.reads = new ResilientHttp(policy);
    this.posts = new ResilientHttp(policy.withMaxAttempts(1));
    this.symbols = Map.copyOf(symbols);
  }

  /** Alpaca's default budget is 200 requests a minute per account. */
  public static ApiPolicy defaultPolicy() {
    return ApiPolicy.defaults("alpaca", 200).withRequestTimeout(Duration.ofSeconds(10));
  }

  /** Submits {@code order} at most once in effect; see the class comment. */
  public Submission submit(Order order) {
    byte[] body = Json.write(orderJson(order));
    int posted = 0;
    ApiException last = null;
    for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
      try {
        posted++;
        HttpResponse<String> r =
            posts.send(
                () ->
                    request("/v2/orders")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build());
        return new Accepted(parse(r.body()), posted, false);
      } catch (ApiException e) {
        last = e;
        if (isDuplicateId(e)) {
          Optional<AlpacaOrder> existing = lookup(order.clientOrderId());
          if (existing.isPresent()) {
            return new Accepted(existing.get(), posted, true);
          }
          return new Refused(e.status(), "duplicate client_order_id, yet no order found by it");
        }
        if (!e.retryable() && e.status() != 429) {
          return new Refused(e.status(), reason(e));
        }
        // The order may have reached Alpaca although the answer did not reach us: look first.
        LOG.warn(
            "alpaca: submitting {} failed ({}); looking it up before any resend",
            order.clientOrderId(),
            e.getMessage());
        Optional<AlpacaOrder> existing = lookup(order.clientOrderId());
        if (existing.isPresent()) {
          return new Accepted(existing.get(), posted, true);
        }
        sleep(backoff(attempt, e));
      }
    }
    throw new ApiException(
        "alpaca: order "
            + order.clientOrderId()
            + " not confirmed after "
            + posted
            + " attempts: "
            + (last == null ? "" : last.getMessage()),
        last == null ? -1 : last.status(),
        true,
        null);
  }

  /** The order with this client order id, or empty when Alpaca has none. */
  public Optional<AlpacaOrder> lookup(String clientOrderId) {
    try {
      HttpResponse<String> r =
          reads.send(
              () ->
                  request(
                          "/v2/orders:by_client_order_id?client_order_id="
                              + URLEncoder.encode(clientOrderId, StandardCharsets.UTF_8))
                      .GET()
                      .build());
      return Optional.of(parse(r.body()));
    } catch (ApiException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Cancels every open order of the account; returns how many Alpaca reported. */
  public int cancelAll() {
    HttpResponse<String> r = reads.send(() -> request("/v2/orders").DELETE().build());
    JsonNode n = tree(r.body());
    return n.isArray() ? n.size() : 0;
  }

  /** The account's open orders. */
  public List<AlpacaOrder> openOrders() {
    HttpResponse<String> r =
        reads.send(() -> request("/v2/orders?status=open&limit=500").GET().build());
    List<AlpacaOrder> out = new ArrayList<>();
    for (JsonNode n : tree(r.body())) {
      out.add(AlpacaOrder.from(n));
    }
    return out;
  }

  /** Signed quantity per Alpaca symbol. */
  public Map<String, BigDecimal> positions() {
    HttpResponse<String> r = reads.send(() -> request("/v2/positions").GET().build());
    Map<String, BigDecimal> out = new java.util.TreeMap<>();
    for (JsonNode n : tree(r.body())) {
      BigDecimal q = AlpacaOrder.decimal(n, "qty").abs();
      out.put(n.path("symbol").asText(), "short".equals(n.path("side").asText()) ? q.negate() : q);
    }
    return out;
  }

  /** Alpaca's name of a system symbol. */
  public String alpacaSymbol(String symbol) {
    String mapped = symbols.get(symbol);
    if (mapped != null) {
      return mapped;
    }
    if (symbol.matches("[A-Z]{2,6}(USD|USDT|USDC)") && !symbol.contains("/")) {
      String quote = symbol.endsWith("USDT") ? "USDT" : symbol.endsWith("USDC") ? "USDC" : "USD";
      return symbol.substring(0, symbol.length() - quote.length()) + "/" + quote;
    }
    return symbol;
  }

  ObjectNode orderJson(Order o) {
    ObjectNode n = Json.mapper().createObjectNode();
    String symbol = alpacaSymbol(o.symbol());
    n.put("symbol", symbol);
    n.put("qty", o.quantity().toPlainString());
    n.put("side", o.side() == Side.BUY ? "buy" : "sell");
    n.put(
        "type",
        switch (o.type()) {
          case MARKET -> "market";
          case LIMIT -> "limit";
          case STOP -> "stop";
          case STOP_LIMIT -> "stop_limit";
        });
    n.put("time_in_force", symbol.contains("/") ? "gtc" : "day");
    if (o.limitPrice() != null) {
      n.put("limit_price", o.limitPrice().toPlainString());
    }
    if (o.stopPrice() != null) {
      n.put("stop_price", o.stopPrice().toPlainString());
    }
    if (o.bracket()) {
      n.put("order_class", "bracket");
      n.putObject("take_profit").put("limit_price", o.takeProfitLimit().toPlainString());
      n.putObject("stop_loss").put("stop_price", o.stopLossStop().toPlainString());
    }
    n.put("client_order_id", o.clientOrderId());
    if (o.type() == OrderType.MARKET && o.bracket()) {
      n.put("time_in_force", "gtc");
    }
    return n;
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(base.resolve(pathAndQuery))
        .header("APCA-API-KEY-ID", keyId.reveal())
        .header("APCA-API-SECRET-KEY", secretKey.reveal())
        .header("Accept", "application/json");
  }

  private static boolean isDuplicateId(ApiException e) {
    return e.status() == 422
        && e.body() != null
        && e.body().contains("client_order_id")
        && e.body().contains("unique");
  }

  private static String reason(ApiException e) {
    if (e.body() != null) {
      JsonNode n = tree(e.body());
      if (n.hasNonNull("message")) {
        return "HTTP " + e.status() + ": " + n.get("message").asText();
      }
    }
    return "HTTP " + e.status();
  }

  private Duration backoff(int attempt, ApiException e) {
    long base = policy.initialBackoff().toMillis() << Math.min(attempt - 1, 10);
    long wait = Math.min(base, policy.maxBackoff().toMillis());
    if (e.retryAfter() != null) {
      wait = Math.max(wait, Math.min(e.retryAfter().toMillis(), policy.maxBackoff().toMillis()));
    }
    return Duration.ofMillis(wait);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException("alpaca: interrupted", e);
    }
  }

  private static AlpacaOrder parse(String body) {
    return AlpacaOrder.from(tree(body));
  }

  static JsonNode tree(String body) {
    try {
      return Json.mapper().readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("alpaca: malformed JSON answer", e);
    }
  }
}
