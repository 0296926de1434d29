package io.github.flinktrader.ingest.reddit;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinktrader.flink.DeadLetterMetrics;
import io.github.flinktrader.http.ApiException;
import io.github.flinktrader.http.ApiPolicy;
import io.github.flinktrader.http.ResilientHttp;
import io.github.flinktrader.http.Secrets;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.SocialPost;
import io.github.flinktrader.text.TickerExtractor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one Reddit listing per key ({@code subreddit/new} or {@code subreddit/comments}) each time
 * the key arrives (the tick source sends every feed key once per poll interval), and emits each
 * post or comment exactly once, oldest first.
 *
 * <p>The cursor is Flink keyed state: the creation time of the newest item emitted and the
 * fullnames emitted within {@link RedditFeed#overlap()} of it. A poll reads pages, newest first,
 * until it reaches items older than that window, and emits the ones whose fullname it has not
 * emitted. State is checkpointed together with the exactly-once Kafka sink's transaction, so after
 * a restart the poller resumes from the cursor of the last checkpoint and what it emits again was
 * never committed: nothing skipped, nothing repeated.
 *
 * <p>A child that is not a valid post goes to {@link #DEAD_LETTERS}, once (remembered for a day); a
 * failed poll (Reddit down, circuit open, rate limited past the policy) is logged and counted, and
 * the next tick tries again.
 */
public final class RedditPoller extends KeyedProcessFunction<String, String, SocialPost> {

  private static final long serialVersionUID = 1L;

  private static final Logger LOG = LoggerFactory.getLogger(RedditPoller.class);

  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("reddit-dead") {};

  static final String STAGE = "ingest.reddit";
  static final int PAGE_SIZE = 100;

  /** How long a refused item is remembered, so it is dead-lettered once, not on every poll. */
  static final long REFUSED_RETENTION_MS = 24 * 3_600_000L;

  private final RedditFeed feed;
  private final ApiPolicy policy;
  private final Map<String, String> secretEnv;
  private final TickerExtractor tickers;

  private transient RedditClient client;
  private transient ValueState<Long> newest;
  private transient MapState<String, Long> emitted;
  private transient MapState<String, Long> refused;
  private transient DeadLetterMetrics deadLetterMetrics;
  private transient Counter polls;
  private transient Counter failedPolls;
  private transient Counter truncatedPolls;
  private transient Counter duplicates;
  private transient Counter posts;

  /**
   * @param secretEnv where the credentials are looked up ({@code REDDIT_CLIENT_ID}, {@code
   *     REDDIT_CLIENT_SECRET}); {@code null} means the task manager's environment
   */
  public RedditPoller(
      RedditFeed feed, ApiPolicy policy, TickerExtractor tickers, Map<String, String> secretEnv) {
    this.feed = feed;
    this.policy = policy;
    this.tickers = tickers;
    this.secretEnv = secretEnv;
  }

  @Override
  public void open(OpenContext ctx) {
    Secrets secrets = secretEnv == null ? Secrets.fromEnvironment() : new Secrets(secretEnv);
    client =
        new RedditClient(
            feed.authBase(),
            feed.apiBase(),
            secrets.require("REDDIT_CLIENT_ID"),
            secrets.require("REDDIT_CLIENT_SECRET"),
            feed.userAgent(),
            new ResilientHttp(policy),
            Clock.systemUTC());
    newest = getRuntimeContext().getState(new ValueStateDescriptor<>("newest", Types.LONG));
    emitted =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("emitted", Types.STRING, Types.LONG));
    refused =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("refused", Types.STRING, Types.LONG));
    deadLetterMetrics = new DeadLetterMetrics(getRuntimeContext().getMetricGroup());
    var metrics = getRuntimeContext().getMetricGroup().addGroup("reddit");
    polls = metrics.counter("polls");
    failedPolls = metrics.counter("failedPolls");
    truncatedPolls = metrics.counter("truncatedPolls");
    duplicates = metrics.counter("duplicates");
    posts = metrics.counter("posts");
  }

  @Override
  public void processElement(String feedKey, Context ctx, Collector<SocialPost> out)
      throws Exception {
    String[] key = ctx.getCurrentKey().split("/", 2);
    Long newestSeen = newest.value();
    long now = ctx.timerService().currentProcessingTime();
    long cutoff =
        newestSeen == null
            ? now - feed.lookback().toMillis()
            : newestSeen - feed.overlap().toMillis();
    List<SocialPost> fresh = new ArrayList<>();
    polls.inc();
    try {
      String after = null;
      boolean complete = false;
      for (int page = 0; page < feed.maxPages(); page++) {
        RedditClient.Listing listing = client.listing(key[0], key[1], after, PAGE_SIZE);
        boolean reachedOld = false;
        for (JsonNode child : listing.children()) {
          SocialPost post;
          try {
            post = RedditWire.post(child, tickers);
          } catch (IllegalArgumentException e) {
            // Dead-lettered once, not on every poll that still lists it.
            String id =
                "bad:"
                    + child.path("data").path("name").asText("")
                    + "#"
                    + child.toString().hashCode();
            if (!refused.contains(id)) {
              refused.put(id, now);
              ctx.output(
                  DEAD_LETTERS, deadLetter(ctx, "invalid-reddit-item", e.getMessage(), child));
            }
            continue;
          }
          if (post.createdAt() < cutoff) {
            reachedOld = true;
            continue;
          }
          if (emitted.contains(post.id())
              || fresh.stream().anyMatch(p -> p.id().equals(post.id()))) {
            duplicates.inc();
            continue;
          }
          fresh.add(post);
        }
        after = listing.after();
        if (reachedOld || after == null) {
          complete = true;
          break;
        }
      }
      if (!complete) {
        truncatedPolls.inc();
        LOG.warn(
            "reddit {}: more than {} pages of new items since the last poll; poll more often",
            ctx.getCurrentKey(),
            feed.maxPages());
      }
    } catch (ApiException | IllegalArgumentException e) {
      // Emit nothing from a half-read listing: the cursor stays, and the next tick reads it all.
      failedPolls.inc();
      LOG.warn("reddit {}: poll failed: {}", ctx.getCurrentKey(), e.getMessage());
      return;
    }
    fresh.sort(Comparator.comparingLong(SocialPost::createdAt).thenComparing(SocialPost::id));
    long max = newestSeen == null ? Long.MIN_VALUE : newestSeen;
    for (SocialPost p : fresh) {
      emitted.put(p.id(), p.createdAt());
      out.collect(p);
      posts.inc();
      max = Math.max(max, p.createdAt());
    }
    Iterator<Map.Entry<String, Long>> old = refused.iterator();
    while (old.hasNext()) {
      if (old.next().getValue() < now - REFUSED_RETENTION_MS) {
        old.remove();
      }
    }
    if (max != Long.MIN_VALUE) {
      newest.update(max);
      long keepFrom = max - feed.overlap().toMillis();
      Iterator<Map.Entry<String, Long>> it = emitted.iterator();
      while (it.hasNext()) {
        if (it.next().getValue() < keepFrom) {
          it.remove();
        }
      }
    }
  }

  private static DeadLetter deadLetter(Context ctx, String reason, String detail, JsonNode child) {
    return new DeadLetter(
        STAGE,
        "reddit:" + ctx.getCurrentKey(),
        -1,
        -1,
        ctx.timerService().currentProcessingTime(),
        reason,
        detail,
        child.toString());
  }
}
