package io.github.flinktrader.ingest.reddit;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the Reddit poller reads and how.
 *
 * @param subreddits e.g. {@code wallstreetbets}, {@code Bitcoin}
 * @param comments also poll each subreddit's comments, not only its posts
 * @param interval how often each feed is polled
 * @param lookback on the very first poll (no state yet), how far back to take posts
 * @param overlap how far behind the newest post seen a later-listed post still counts as new (and
 *     is deduplicated by fullname): Reddit lists some posts late, after moderation
 * @param maxPages pages of 100 read per poll at most
 */
public record RedditFeed(
    URI authBase,
    URI apiBase,
    String userAgent,
    List<String> subreddits,
    boolean comments,
    Duration interval,
    Duration lookback,
    Duration overlap,
    int maxPages)
    implements Serializable {

  public static final URI AUTH = URI.create("https://www.reddit.com");
  public static final URI API = URI.create("https://oauth.reddit.com");

  /** The polled listings as {@code subreddit/feed} keys. */
  public List<String> feeds() {
    List<String> feeds = new ArrayList<>();
    for (String sub : subreddits) {
      feeds.add(sub + "/new");
      if (comments) {
        feeds.add(sub + "/comments");
      }
    }
    return feeds;
  }
}
