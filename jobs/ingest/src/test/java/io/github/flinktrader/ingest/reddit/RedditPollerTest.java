package io.github.flinktrader.ingest.reddit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.http.ApiPolicy;
import io.github.flinktrader.ingest.fakes.FakeHttp.Fault;
import io.github.flinktrader.ingest.fakes.FakeReddit;
import io.github.flinktrader.records.SocialPost;
import io.github.flinktrader.text.TickerExtractor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The poller's cursor in keyed state (RocksDB), across polls and a snapshot/restore. */
class RedditPollerTest {

  static final String FEED = "wallstreetbets/new";

  private FakeReddit fake;
  private long now;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeReddit("id", "secret");
    now = System.currentTimeMillis();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private KeyedOneInputStreamOperatorTestHarness<String, String, SocialPost> harness()
      throws Exception {
    RedditFeed feed =
        new RedditFeed(
            fake.uri(),
            fake.uri(),
            "test:flink-trader:0.1 (by /u/test)",
            List.of("wallstreetbets"),
            false,
            Duration.ofSeconds(1),
            Duration.ofHours(2),
            Duration.ofMinutes(30),
            5);
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(
                new RedditPoller(
                    feed,
                    ApiPolicy.defaults("reddit", 1000)
                        .withBackoff(
                            Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofMillis(200)),
                    TickerExtractor.defaults(),
                    Map.of("REDDIT_CLIENT_ID", "id", "REDDIT_CLIENT_SECRET", "secret"))),
            f -> f,
            Types.STRING);
    h.setStateBackend(new EmbeddedRocksDBStateBackend());
    h.setProcessingTime(now);
    return h;
  }

  private static List<String> ids(
      KeyedOneInputStreamOperatorTestHarness<String, String, SocialPost> h) {
    return h.extractOutputValues().stream().map(SocialPost::id).toList();
  }

  @Test
  void emitsEachPostOnceOldestFirstAcrossPollsAndARestore() throws Exception {
    for (int i = 0; i < 120; i++) {
      fake.post("wallstreetbets", "a" + i, now - 3_600_000 + i * 1000L, "$TSLA " + i, "");
    }
    fake.post("wallstreetbets", "old", now - 3 * 3_600_000L, "before the lookback", "");
    var h = harness();
    h.open();
    h.processElement(FEED, 0);
    assertThat(ids(h)).hasSize(120).startsWith("t3_a0", "t3_a1").endsWith("t3_a119");
    assertThat(h.extractOutputValues().get(0).symbols()).containsExactly("TSLA");

    h.processElement(FEED, 0); // nothing new: nothing emitted
    assertThat(ids(h)).hasSize(120);
    OperatorSubtaskState snapshot = h.snapshot(1, 1);

    // Posted after the snapshot, including one listed late (created before the newest seen).
    fake.post("wallstreetbets", "b0", now + 1000, "next", "BTC");
    fake.post("wallstreetbets", "late", now - 3_600_000 + 50_500, "approved late", "body");
    h.processElement(FEED, 0);
    assertThat(ids(h)).hasSize(122).endsWith("t3_late", "t3_b0");
    h.close();

    // Restart from the snapshot: the two posts after it come again (their first emission was
    // never committed), the 120 before it do not.
    var restored = harness();
    restored.initializeState(snapshot);
    restored.open();
    restored.processElement(FEED, 0);
    assertThat(ids(restored)).containsExactly("t3_late", "t3_b0");
    restored.close();
  }

  @Test
  void aFailedPollEmitsNothingAndTheNextPollCatchesUp() throws Exception {
    for (int i = 0; i < 250; i++) {
      fake.post("wallstreetbets", "c" + i, now - 600_000 + i * 1000L, "post " + i, "");
    }
    var h = harness();
    h.open();
    fake.inject(Fault.status(500)); // first token call fails once, retried
    h.processElement(FEED, 0);
    assertThat(ids(h)).hasSize(250);

    fake.post("wallstreetbets", "d0", now + 5000, "new", "");
    // The listing fails on every attempt for this poll (policy: 5 attempts).
    fake.inject(
        Fault.status(503),
        Fault.status(503),
        Fault.status(503),
        Fault.status(503),
        Fault.status(503));
    h.processElement(FEED, 0);
    assertThat(ids(h)).hasSize(250);
    // Six of the last ten calls failed: the circuit is open and the next poll is refused at once.
    h.processElement(FEED, 0);
    assertThat(ids(h)).hasSize(250);
    assertThat(fake.requests()).isEqualTo(10);
    Thread.sleep(300); // the circuit half-opens, the probes succeed, it closes
    h.processElement(FEED, 0);
    assertThat(ids(h)).hasSize(251).endsWith("t3_d0");
    h.close();
  }

  @Test
  void badChildrenAreDeadLettersAndTheGoodOnesStillCome() throws Exception {
    fake.post("wallstreetbets", "g0", now - 1000, "fine", "");
    fake.rawChild(FEED, "{\"kind\":\"t5\",\"data\":{\"name\":\"t5_x\"}}", now - 500);
    fake.rawChild(
        FEED, "{\"kind\":\"t3\",\"data\":{\"name\":\"t3_nodate\",\"title\":\"x\"}}", now - 400);
    fake.post("wallstreetbets", "g1", now - 100, "also fine", "");
    var h = harness();
    h.open();
    h.processElement(FEED, 0);

    h.processElement(FEED, 0); // the bad children are still listed: not dead-lettered again
    assertThat(ids(h)).containsExactly("t3_g0", "t3_g1");
    assertThat(h.getSideOutput(RedditPoller.DEAD_LETTERS))
        .extracting(r -> r.getValue().detail())
        .containsExactly( // in listing order, newest first
            "created_utc is missing or not a number", "kind 't5' is neither a post nor a comment");
    h.close();
  }
}
