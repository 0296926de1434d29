package io.github.flinktrader.ingest.fakes;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Polygon's aggregates endpoint as the real one answers it: {@code results[]} of {@code
 * v,vw,o,c,h,l,t,n}, {@code next_url} with a cursor while more remains, the key checked in the
 * {@code Authorization} header (401 otherwise).
 */
public final class FakePolygonRest extends FakeHttp {

  private static final Pattern AGGS =
      Pattern.compile("/v2/aggs/ticker/([^/]+)/range/1/minute/([0-9-]+)/([0-9-]+)");

  /** One minute bar as the fake serves it. */
  public record Agg(long t, String o, String h, String l, String c, String v, int n) {}

  private final String key;
  private final Map<String, List<Agg>> bars = new ConcurrentHashMap<>();
  private final Map<String, String> rawResults = new ConcurrentHashMap<>();

  public FakePolygonRest(String key) throws IOException {
    this.key = key;
  }

  /** {@code minutes} consecutive bars of {@code ticker} from {@code start} (epoch ms). */
  public List<Agg> addBars(String ticker, long start, int minutes) {
    List<Agg> list = bars.computeIfAbsent(ticker, t -> new ArrayList<>());
    for (int i = 0; i < minutes; i++) {
      BigDecimal open = new BigDecimal("100.00").add(BigDecimal.valueOf(i % 17, 2));
      list.add(
          new Agg(
              start + i * 60_000L,
              open.toPlainString(),
              open.add(new BigDecimal("0.50")).toPlainString(),
              open.subtract(new BigDecimal("0.25")).toPlainString(),
              open.add(new BigDecimal("0.10")).toPlainString(),
              (1000 + i) + ".5",
              10 + i % 7));
    }
    return list;
  }

  /** Serves {@code json} as one more {@code results[]} entry of {@code ticker} (ugly cases). */
  public void addRawResult(String ticker, String json) {
    rawResults.merge(ticker, json, (a, b) -> a + "," + b);
  }

  @Override
  protected void handle(HttpExchange ex) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (!("Bearer " + key).equals(auth)) {
      send(ex, 401, "{\"status\":\"ERROR\",\"request_id\":\"x\",\"error\":\"Unknown API Key\"}");
      return;
    }
    Matcher m = AGGS.matcher(ex.getRequestURI().getPath());
    if (!m.matches()) {
      send(ex, 404, "{\"status\":\"NOT_FOUND\"}");
      return;
    }
    String ticker = m.group(1);
    long from = LocalDate.parse(m.group(2)).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    long to =
        LocalDate.parse(m.group(3))
            .plusDays(1)
            .atStartOfDay(ZoneOffset.UTC)
            .toInstant()
            .toEpochMilli();
    Map<String, String> q = query(ex.getRequestURI());
    int limit = Integer.parseInt(q.getOrDefault("limit", "5000"));
    int cursor = Integer.parseInt(q.getOrDefault("cursor", "0"));
    List<Agg> inRange =
        bars.getOrDefault(ticker, List.of()).stream()
            .filter(a -> a.t() >= from && a.t() < to)
            .toList();
    List<Agg> page =
        inRange.subList(Math.min(cursor, inRange.size()), Math.min(cursor + limit, inRange.size()));
    StringBuilder results = new StringBuilder();
    for (Agg a : page) {
      if (results.length() > 0) {
        results.append(',');
      }
      results.append(
          String.format(
              "{\"v\":%s,\"vw\":%s,\"o\":%s,\"c\":%s,\"h\":%s,\"l\":%s,\"t\":%d,\"n\":%d}",
              a.v(), a.c(), a.o(), a.c(), a.h(), a.l(), a.t(), a.n()));
    }
    boolean last = cursor + limit >= inRange.size();
    if (last && rawResults.containsKey(ticker)) {
      results.append(results.length() > 0 ? "," : "").append(rawResults.get(ticker));
    }
    String next =
        last
            ? ""
            : ",\"next_url\":\""
                + uri()
                + ex.getRequestURI().getPath()
                + "?cursor="
                + (cursor + limit)
                + "&limit="
                + limit
                + "\"";
    send(
        ex,
        200,
        "{\"ticker\":\""
            + ticker
            + "\",\"queryCount\":"
            + page.size()
            + ",\"resultsCount\":"
            + page.size()
            + ",\"adjusted\":true,\"results\":["
            + results
            + "],\"status\":\"OK\",\"request_id\":\"fake\",\"count\":"
            + page.size()
            + next
            + "}");
  }
}
