package io.github.flinktrader.ingest.reddit;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinktrader.records.SocialPost;
import io.github.flinktrader.text.TickerExtractor;

/** Reddit listing children ({@code t3} posts, {@code t1} comments) as {@link SocialPost}s. */
public final class RedditWire {

  public static final String SOURCE = "reddit";

  private RedditWire() {}

  /**
   * @throws IllegalArgumentException naming what is wrong with the child
   */
  public static SocialPost post(JsonNode child, TickerExtractor tickers) {
    String kind = child.path("kind").asText("");
    if (!kind.equals("t3") && !kind.equals("t1")) {
      throw new IllegalArgumentException("kind '" + kind + "' is neither a post nor a comment");
    }
    JsonNode d = child.path("data");
    String name = d.path("name").asText(null);
    if (name == null || !name.startsWith(kind + "_")) {
      throw new IllegalArgumentException("fullname is missing or not of kind " + kind);
    }
    JsonNode created = d.path("created_utc");
    if (!created.isNumber()) {
      throw new IllegalArgumentException("created_utc is missing or not a number");
    }
    long createdAt = Math.round(created.doubleValue() * 1000.0);
    String title = kind.equals("t3") ? text(d, "title") : text(d, "link_title");
    String body = kind.equals("t3") ? text(d, "selftext") : text(d, "body");
    return new SocialPost(
        name,
        SOURCE,
        text(d, "subreddit"),
        text(d, "author"),
        createdAt,
        title,
        body,
        kind.equals("t3") ? tickers.extract(title, body) : tickers.extract(body));
  }

  private static String text(JsonNode d, String field) {
    JsonNode n = d.path(field);
    return n.isTextual() ? n.asText() : null;
  }
}
