package io.github.flinktrader.records;

import java.util.Optional;

/**
 * A social-media post or comment, as fetched from e.g. Reddit.
 *
 * @param id source-unique id, e.g. Reddit's fullname {@code t3_abc}
 * @param source e.g. {@code reddit}
 * @param channel e.g. the subreddit
 * @param createdAt creation time, epoch milliseconds
 */
public record SocialPost(
    String id,
    String source,
    String channel,
    String author,
    long createdAt,
    String title,
    String body)
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
        Checks.notBlank("source", source),
        Checks.positiveTime("createdAt", createdAt),
        (title == null || title.isBlank()) && (body == null || body.isBlank())
            ? "post has neither title nor body"
            : null);
  }
}
