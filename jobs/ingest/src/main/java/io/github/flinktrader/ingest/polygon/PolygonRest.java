package io.github.flinktrader.ingest.polygon;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinktrader.http.ApiException;
import io.github.flinktrader.http.ResilientHttp;
import io.github.flinktrader.http.Secrets.Secret;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.MinuteBar;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.function.Consumer;

/**
 * Polygon's REST aggregates endpoint: minute bars for one ticker and date range, page by page
 * following {@code next_url}. The key travels in the {@code Authorization} header, never in a URL,
 * so it cannot end up in a log. A page that is not valid JSON is fetched again (a truncated body is
 * usually transient); if it stays unreadable it becomes a dead letter and the range stops there,
 * with the reason in the result, since the rest of the pages cannot be reached without it.
 */
public final class PolygonRest {

  /** Polygon's maximum page size. */
  public static final int MAX_LIMIT = 50_000;

  static final int PAGE_READ_ATTEMPTS = 3;

  private final URI base;
  private final Secret apiKey;
  private final ResilientHttp http;
  private final int limit;

  /** What one backfill did. */
  public record Result(long pages, long bars, long rejected, String stoppedBecause) {}

  public PolygonRest(URI base, Secret apiKey, ResilientHttp http, int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be in 1.." + MAX_LIMIT);
    }
    this.base = base;
    this.apiKey = apiKey;
    this.http = http;
    this.limit = limit;
  }

  /** Minute bars of {@code ticker} from {@code from} to {@code to} (both inclusive), ascending. */
  public Result minuteBars(
      String ticker,
      LocalDate from,
      LocalDate to,
      Consumer<MinuteBar> bars,
      Consumer<DeadLetter> dead) {
    URI next =
        base.resolve(
            "/v2/aggs/ticker/"
                + URLEncoder.encode(ticker, StandardCharsets.UTF_8)
                + "/range/1/minute/"
                + from
                + "/"
                + to
                + "?adjusted=true&sort=asc&limit="
                + limit);
    long pages = 0;
    long count = 0;
    long rejected = 0;
    while (next != null) {
      JsonNode page = null;
      String body = null;
      for (int attempt = 1; attempt <= PAGE_READ_ATTEMPTS && page == null; attempt++) {
        body = get(next);
        try {
          page = PolygonWire.MAPPER.readTree(body);
        } catch (IOException e) {
          page = null;
        }
      }
      if (page == null || !page.isObject()) {
        dead.accept(
            deadLetter(
                ticker,
                pages,
                "malformed-json",
                "page " + (pages + 1) + " unreadable after " + PAGE_READ_ATTEMPTS + " reads",
                body));
        return new Result(pages, count, rejected + 1, "unreadable page " + (pages + 1));
      }
      pages++;
      String status = page.path("status").asText("");
      if (!status.equals("OK") && !status.equals("DELAYED")) {
        throw new ApiException(
            "polygon aggregates for " + ticker + ": status " + status, 200, false, null);
      }
      for (JsonNode r : page.path("results")) {
        MinuteBar bar;
        try {
          bar = PolygonWire.restResult(symbol(ticker), r, 60_000L);
        } catch (IllegalArgumentException e) {
          dead.accept(
              deadLetter(ticker, pages, "invalid-aggregate", e.getMessage(), PolygonWire.json(r)));
          rejected++;
          continue;
        }
        bars.accept(bar);
        count++;
      }
      String nextUrl = page.path("next_url").asText(null);
      next = nextUrl == null || nextUrl.isBlank() ? null : base.resolve(URI.create(nextUrl));
    }
    return new Result(pages, count, rejected, null);
  }

  /**
   * The symbol the rest of the pipeline uses for a Polygon ticker: crypto {@code X:BTCUSD} and
   * forex {@code C:EURUSD} without their market prefix, as the stream's {@code BTC-USD} becomes
   * {@code BTCUSD}.
   */
  static String symbol(String ticker) {
    return ticker.length() > 2 && ticker.charAt(1) == ':' ? ticker.substring(2) : ticker;
  }

  private String get(URI uri) {
    return http.send(
            () ->
                HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + apiKey.reveal())
                    .header("Accept", "application/json")
                    .GET()
                    .build())
        .body();
  }

  private static DeadLetter deadLetter(
      String ticker, long page, String reason, String detail, String payload) {
    return new DeadLetter(
        "ingest.polygon-rest",
        "polygon:aggs/" + ticker,
        -1,
        page,
        System.currentTimeMillis(),
        reason,
        detail,
        payload == null ? "" : payload);
  }
}
