package io.github.flinktrader.ingest.polygon;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.Trade;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Polygon's JSON wire formats (REST aggregates, WebSocket {@code AM}/{@code T} events and the
 * crypto {@code XA}/{@code XT} ones) as records. Numbers are read as exact decimals from the JSON
 * text. Whatever does not fit becomes a {@link Rejected} with its reason and the original JSON.
 */
public final class PolygonWire {

  /** Decimals exactly as written, never through a double. */
  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  public static final String SOURCE_REST = "polygon-rest";
  public static final String SOURCE_STREAM = "polygon-ws";

  private PolygonWire() {}

  /** One item of a WebSocket message (messages are arrays of events). */
  public sealed interface Item permits Bar, Print, Status, Rejected {}

  public record Bar(MinuteBar bar) implements Item {}

  public record Print(Trade trade) implements Item {}

  /** {@code ev: status}: connected, auth_success, auth_failed, success, error, ... */
  public record Status(String status, String message) implements Item {}

  public record Rejected(String reason, String detail, String payload) implements Item {}

  /** Every event of one WebSocket text message. */
  public static List<Item> streamMessage(String text) {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (IOException e) {
      return List.of(new Rejected("malformed-json", firstLine(e.getMessage()), text));
    }
    if (root == null || !root.isArray()) {
      return List.of(new Rejected("unexpected-message", "a message must be a JSON array", text));
    }
    List<Item> items = new ArrayList<>(root.size());
    for (JsonNode event : root) {
      items.add(streamEvent(event));
    }
    return items;
  }

  static Item streamEvent(JsonNode e) {
    String ev = e.path("ev").asText("");
    try {
      return switch (ev) {
        case "status" -> new Status(e.path("status").asText(""), e.path("message").asText(""));
        case "AM" -> new Bar(aggregate(e.path("sym").asText(null), e));
        case "XA" -> new Bar(aggregate(cryptoPair(e), e));
        case "T" -> new Print(trade(text(e, "sym"), e, "i", "s"));
        case "XT" -> new Print(trade(cryptoPair(e), e, "i", "s"));
        default ->
            new Rejected(
                "unknown-event", "event type '" + ev + "' is not one this ingest handles", json(e));
      };
    } catch (IllegalArgumentException ex) {
      return new Rejected("invalid-" + ev.toLowerCase() + "-event", ex.getMessage(), json(e));
    }
  }

  /**
   * A minute aggregate event: {@code s}/{@code e} window start/end in milliseconds. The event has
   * no trade count, only the average trade size {@code z}; the count is estimated as volume / z.
   */
  static MinuteBar aggregate(String symbol, JsonNode e) {
    if (symbol == null || symbol.isBlank()) {
      throw new IllegalArgumentException("symbol is missing");
    }
    long start = millis(e, "s");
    long end = millis(e, "e");
    if (end - start != 60_000L) {
      throw new IllegalArgumentException("window " + start + ".." + end + " is not one minute");
    }
    BigDecimal volume = decimal(e, "v");
    BigDecimal avgSize = e.path("z").isNumber() ? e.path("z").decimalValue() : BigDecimal.ZERO;
    int trades =
        avgSize.signum() > 0
            ? Math.max(1, volume.divide(avgSize, 0, RoundingMode.HALF_UP).intValue())
            : 0;
    return new MinuteBar(
        symbol,
        start,
        end,
        decimal(e, "o"),
        decimal(e, "h"),
        decimal(e, "l"),
        decimal(e, "c"),
        volume,
        e.path("vw").isNumber() ? e.path("vw").decimalValue() : null,
        trades);
  }

  static Trade trade(String symbol, JsonNode e, String idField, String sizeField) {
    if (symbol == null || symbol.isBlank()) {
      throw new IllegalArgumentException("symbol is missing");
    }
    return new Trade(
        symbol,
        millis(e, "t"),
        decimal(e, "p"),
        decimal(e, sizeField),
        e.path(idField).asText(""),
        SOURCE_STREAM);
  }

  /** One {@code results[]} entry of the REST aggregates endpoint: {@code t} is the window start. */
  public static MinuteBar restResult(String ticker, JsonNode r, long windowMillis) {
    long start = millis(r, "t");
    return new MinuteBar(
        ticker,
        start,
        start + windowMillis,
        decimal(r, "o"),
        decimal(r, "h"),
        decimal(r, "l"),
        decimal(r, "c"),
        decimal(r, "v"),
        r.path("vw").isNumber() ? r.path("vw").decimalValue() : null,
        r.path("n").isIntegralNumber() ? r.path("n").intValue() : 0);
  }

  /** {@code BTC-USD} as the market data spells it elsewhere: {@code BTCUSD}. */
  private static String cryptoPair(JsonNode e) {
    String pair = e.path("pair").asText(null);
    return pair == null ? null : pair.replace("-", "").replace("/", "");
  }

  private static String text(JsonNode e, String field) {
    return e.path(field).isTextual() ? e.path(field).asText() : null;
  }

  private static long millis(JsonNode e, String field) {
    JsonNode n = e.path(field);
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      throw new IllegalArgumentException(field + " is missing or not an integer timestamp");
    }
    return n.longValue();
  }

  private static BigDecimal decimal(JsonNode e, String field) {
    JsonNode n = e.path(field);
    if (!n.isNumber()) {
      throw new IllegalArgumentException(field + " is missing or not a number");
    }
    return n.decimalValue();
  }

  /** An event as it came, for a dead letter: decimals as written, not re-normalised. */
  static String json(JsonNode n) {
    try {
      return MAPPER.writeValueAsString(n);
    } catch (IOException e) {
      return n.toString();
    }
  }

  static String firstLine(String message) {
    if (message == null) {
      return "unparseable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
