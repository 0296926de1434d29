package io.github.flinktrader.ingest;

import io.github.flinktrader.http.ApiPolicy;
import io.github.flinktrader.ingest.polygon.PolygonLive;
import io.github.flinktrader.ingest.reddit.RedditFeed;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.util.ParameterTool;

/**
 * Which sources the ingest job reads, from its arguments. By default only the trade topic (the
 * Bitstamp replay of the demo); the live connectors are switched on by naming what they read:
 *
 * <pre>
 * --polygon-channels AM.AAPL,T.AAPL    live Polygon WebSocket (key: POLYGON_API_KEY)
 * --polygon-ws-url wss://socket.polygon.io/stocks   (crypto: wss://socket.polygon.io/crypto)
 * --polygon-rest-url https://api.polygon.io         (gap fill after reconnects and restarts)
 * --reddit-subreddits wallstreetbets,stocks         (keys: REDDIT_CLIENT_ID, REDDIT_CLIENT_SECRET)
 * --reddit-comments true --reddit-interval-s 30 --reddit-user-agent "..."
 * --symbols AAPL,BTCUSD --history-start 2015-01-01T00:00:00Z --kafka-trades false
 * </pre>
 *
 * @param secretEnv where credentials are looked up; {@code null} means the process environment (and
 *     mounted secrets), which is what deployments use
 */
public record IngestSources(
    boolean kafkaTrades,
    PolygonLive.Settings polygon,
    RedditFeed reddit,
    ApiPolicy redditPolicy,
    IngestRules rules,
    Map<String, String> secretEnv)
    implements Serializable {

  public static final String POLYGON_WS = "wss://socket.polygon.io/stocks";
  public static final String POLYGON_REST = "https://api.polygon.io";
  public static final String USER_AGENT = "jvm:flink-trader:0.1 (by /u/flink-trader)";

  /** Reddit allows 100 requests a minute per client id; stay below it. */
  public static ApiPolicy defaultRedditPolicy() {
    return ApiPolicy.defaults("reddit", 90);
  }

  /** Polygon's paid plans are unmetered; the free one allows 5 a minute. */
  public static ApiPolicy polygonPolicy(int perMinute) {
    return ApiPolicy.defaults("polygon", perMinute);
  }

  public static IngestSources defaults() {
    return new IngestSources(true, null, null, defaultRedditPolicy(), IngestRules.defaults(), null);
  }

  public static IngestSources fromArgs(String[] args) {
    ParameterTool p = ParameterTool.fromArgs(args);
    IngestRules d = IngestRules.defaults();
    IngestRules rules =
        new IngestRules(
            p.has("history-start") ? Instant.parse(p.get("history-start")) : d.historyStart(),
            Duration.ofSeconds(p.getLong("max-clock-skew-s", d.maxClockSkew().toSeconds())),
            Set.copyOf(list(p.get("symbols", ""))),
            p.getDouble("price-band", d.priceBand()),
            p.getInt("price-band-confirmations", d.bandConfirmations()),
            new java.math.BigDecimal(
                p.get("max-trade-notional", d.maxTradeNotional().toPlainString())),
            Duration.ofSeconds(p.getLong("duplicate-window-s", d.duplicateWindow().toSeconds())));
    PolygonLive.Settings polygon = null;
    List<String> channels = list(p.get("polygon-channels", ""));
    if (!channels.isEmpty()) {
      polygon =
          new PolygonLive.Settings(
              URI.create(p.get("polygon-ws-url", POLYGON_WS)),
              URI.create(p.get("polygon-rest-url", POLYGON_REST)),
              channels,
              Duration.ofSeconds(p.getLong("polygon-silence-s", 90)),
              Duration.ofSeconds(1),
              Duration.ofSeconds(60),
              10_000,
              polygonPolicy(p.getInt("polygon-requests-per-minute", 300)));
    }
    RedditFeed reddit = null;
    List<String> subs = list(p.get("reddit-subreddits", ""));
    if (!subs.isEmpty()) {
      reddit =
          new RedditFeed(
              URI.create(p.get("reddit-auth-url", RedditFeed.AUTH.toString())),
              URI.create(p.get("reddit-api-url", RedditFeed.API.toString())),
              p.get("reddit-user-agent", USER_AGENT),
              subs,
              p.getBoolean("reddit-comments", true),
              Duration.ofSeconds(p.getLong("reddit-interval-s", 30)),
              Duration.ofHours(p.getLong("reddit-lookback-h", 24)),
              Duration.ofHours(1),
              10);
    }
    return new IngestSources(
        p.getBoolean("kafka-trades", true), polygon, reddit, defaultRedditPolicy(), rules, null);
  }

  static List<String> list(String csv) {
    return Arrays.stream(csv.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toList());
  }
}
