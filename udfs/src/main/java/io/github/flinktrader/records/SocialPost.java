package io.github.flinktrader.records;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A social-media post or comment, as fetched from e.g. Reddit.
 *
 * @param id source-unique id, e.g. Reddit's fullname {@code t3_abc}
 * @param source e.g. {@code reddit}
 * @param channel e.g. the subreddit
 * @param createdAt creation time, epoch milliseconds
 * @param symbols the instruments the post mentions, sorted (see {@code text.TickerExtractor})
 */
public record SocialPost(
    String id,
    String source,
    String channel,
    String author,
    long createdAt,
    String title,
    String body,
    String[] symbols)
    implements Event {

  @Override
  public String key() {
    return id;
  }

  @Override
  public long eventTime() {
    return createdAt;
  }

  @Override
  public Optional<String> violation() {
    return Checks.firstOf(
        Checks.notBlank("id", id),
        Checks.maxLength("id", id, 200),
        Checks.notBlank("source", source),
        Checks.maxLength("source", source, 100),
        Checks.maxLength("channel", channel, 200),
        Checks.maxLength("author", author, 200),
        Checks.positiveTime("createdAt", createdAt),
        Checks.symbols("symbols", symbols),
        Checks.maxLength("title", title, 2_000),
        Checks.maxLength("body", body, 100_000),
        (title == null || title.isBlank()) && (body == null || body.isBlank())
            ? "post has neither title nor body"
            : null);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SocialPost p
        && Objects.equals(id, p.id)
        && Objects.equals(source, p.source)
        && Objects.equals(channel, p.channel)
        && Objects.equals(author, p.author)
        && createdAt == p.createdAt
        && Objects.equals(title, p.title)
        && Objects.equals(body, p.body)
        && Arrays.equals(symbols, p.symbols);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(id);
  }

  @Override
  public String toString() {
    return "SocialPost["
        + id
        + " "
        + channel
        + " @"
        + createdAt
        + " "
        + Arrays.toString(symbols)
        + "]";
  }
}
