package io.github.flinktrader.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.flink.JobSettings;
import io.github.flinktrader.flink.Pipelines;
import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.http.ApiPolicy;
import io.github.flinktrader.ingest.fakes.FakePolygonRest;
import io.github.flinktrader.ingest.fakes.FakePolygonStream;
import io.github.flinktrader.ingest.fakes.FakeReddit;
import io.github.flinktrader.ingest.polygon.PolygonLive;
import io.github.flinktrader.ingest.reddit.RedditFeed;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.SocialPost;
import io.github.flinktrader.serde.WireFormat;
import io.github.flinktrader.testing.LocalKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest job with its live connectors, in a local Flink cluster with RocksDB and exactly-once
 * checkpoints, against a real Kafka broker and fake Polygon (WebSocket and REST) and Reddit
 * servers. Everything is asserted from what Kafka's {@code read_committed} consumers see.
 */
class IngestConnectorsTest {

  static final String KEY = "polygon-test-key";
  static final Map<String, String> SECRETS =
      Map.of("POLYGON_API_KEY", KEY, "REDDIT_CLIENT_ID", "id", "REDDIT_CLIENT_SECRET", "secret");

  private LocalKafka kafka;

  @TempDir Path checkpoints;

  private FakePolygonStream stream;
  private FakePolygonRest rest;
  private FakeReddit reddit;
  private JobClient job;
  private long now;
  private long t0;

  @BeforeEach
  void startFakes() throws Exception {
    kafka = LocalKafka.start(); // per test: each reads its topics from the beginning
    stream = FakePolygonStream.started(KEY);
    rest = new FakePolygonRest(KEY);
    reddit = new FakeReddit("id", "secret");
    now = System.currentTimeMillis();
    t0 = (now - 3 * 3_600_000L) / 60_000L * 60_000L; // three hours ago, on a minute
  }

  @AfterEach
  void stopAll() throws Exception {
    if (job != null) {
      job.cancel().get();
    }
    stream.stop(1000);
    rest.close();
    reddit.close();
    kafka.close();
  }

  private IngestSources sources(boolean kafkaTrades, Set<String> symbols) {
    PolygonLive.Settings polygon =
        new PolygonLive.Settings(
            stream.uri(),
            rest.uri(),
            List.of("AM.AAPL", "T.AAPL"),
            Duration.ofSeconds(60),
            Duration.ofMillis(100),
            Duration.ofMillis(500),
            1000,
            fastPolicy("polygon"));
    RedditFeed feed =
        new RedditFeed(
            reddit.uri(),
            reddit.uri(),
            "test:flink-trader:0.1 (by /u/test)",
            List.of("stocks"),
            true,
            Duration.ofMillis(300),
            Duration.ofHours(6),
            Duration.ofHours(1),
            10);
    IngestRules rules =
        new IngestRules(Instant.parse("2010-01-01T00:00:00Z"), Duration.ofMinutes(1), symbols);
    return new IngestSources(kafkaTrades, polygon, feed, fastPolicy("reddit"), rules, SECRETS);
  }

  private static ApiPolicy fastPolicy(String name) {
    return ApiPolicy.defaults(name, 10_000)
        .withBackoff(Duration.ofMillis(20), Duration.ofSeconds(2), Duration.ofSeconds(2));
  }

  private void start(String runId, IngestSources sources) throws Exception {
    JobSettings settings =
        new JobSettings(
            kafka.bootstrapServers(),
            null,
            false,
            Duration.ofMillis(400),
            checkpoints.toUri().toString(),
            1,
            runId);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(
            Pipelines.configuration(settings, IngestJob.NAME));
    IngestJob.build(env, settings, sources);
    job = env.executeAsync("ingest-" + runId);
  }

  static String am(String sym, long start, String o, String h, String l, String c, String v) {
    return "{\"ev\":\"AM\",\"sym\":\""
        + sym
        + "\",\"v\":"
        + v
        + ",\"av\":1000000,\"op\":100,\"vw\":"
        + c
        + ",\"o\":"
        + o
        + ",\"c\":"
        + c
        + ",\"h\":"
        + h
        + ",\"l\":"
        + l
        + ",\"a\":100,\"z\":10,\"s\":"
        + start
        + ",\"e\":"
        + (start + 60_000)
        + "}";
  }

  static String am(String sym, long start) {
    return am(sym, start, "100.0", "100.5", "99.75", "100.1", "1000");
  }

  private <T> List<T> committed(String topic, Class<T> type, String stagePrefix) {
    List<T> out = new ArrayList<>();
    for (var r : kafka.readCommitted(topic)) {
      try {
        T value = WireFormat.read(r.value(), type);
        if (stagePrefix == null || ((DeadLetter) value).stage().startsWith(stagePrefix)) {
          out.add(value);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  private static <T> List<T> await(Supplier<List<T>> read, Predicate<List<T>> done, String what)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 120_000;
    List<T> last = List.of();
    while (System.currentTimeMillis() < deadline) {
      last = read.get();
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(300);
    }
    throw new AssertionError(
        "timed out waiting for " + what + "; last saw " + last.size() + ": " + last);
  }

  @Test
  void noPostOrBarIsLostOrRepeatedAcrossAForcedRestartFromACheckpoint() throws Exception {
    for (int i = 0; i < 150; i++) {
      reddit.post("stocks", "p" + i, now - 3_000_000 + i * 1000L, "$AAPL take " + i, "body");
    }
    for (int i = 0; i < 40; i++) {
      reddit.comment("stocks", "c" + i, now - 2_000_000 + i * 1000L, "comment " + i);
    }
    rest.addBars("AAPL", t0, 30);
    start("eo", sources(false, Set.of()));
    stream.awaitSubscribed(60_000);
    for (int m = 0; m < 10; m++) {
      stream.push("[" + am("AAPL", t0 + m * 60_000L) + "]");
    }
    await(() -> committed(Topics.BARS_1M, MinuteBar.class, null), l -> l.size() >= 10, "10 bars");
    for (int i = 150; i < 200; i++) {
      reddit.post("stocks", "p" + i, now - 3_000_000 + i * 1000L, "more " + i, "BTC");
    }
    for (int m = 10; m < 15; m++) {
      stream.push("[" + am("AAPL", t0 + m * 60_000L) + "]");
    }

    // Force a failure: the server drops the connection and refuses the key on reconnect, so the
    // live operator fails the job, which restarts from its last checkpoint.
    stream.refuseKey(true);
    stream.dropAll();
    await(() -> List.of(stream.connections()), l -> l.get(0) >= 2, "the refused reconnect");
    Thread.sleep(200);
    stream.refuseKey(false);
    await(
        () -> List.of(stream.connections()), l -> l.get(0) >= 3, "the restarted job's connection");
    stream.awaitSubscribed(60_000);
    for (int m = 15; m < 30; m++) {
      stream.push("[" + am("AAPL", t0 + m * 60_000L) + "]");
    }
    for (int i = 200; i < 220; i++) {
      reddit.post("stocks", "p" + i, now - 3_000_000 + i * 1000L, "after restart " + i, "");
    }

    List<MinuteBar> bars =
        await(
            () -> committed(Topics.BARS_1M, MinuteBar.class, null),
            l -> l.stream().map(MinuteBar::start).distinct().count() >= 30,
            "30 distinct bars");
    List<SocialPost> posts =
        await(
            () -> committed(Topics.SOCIAL_POSTS, SocialPost.class, null),
            l -> l.stream().map(SocialPost::id).distinct().count() >= 260,
            "260 distinct posts and comments");
    Thread.sleep(1500); // a few more checkpoints: anything repeated would be committed by now
    bars = committed(Topics.BARS_1M, MinuteBar.class, null);
    posts = committed(Topics.SOCIAL_POSTS, SocialPost.class, null);

    assertThat(bars).extracting(MinuteBar::start).doesNotHaveDuplicates().hasSize(30);
    assertThat(bars.stream().mapToLong(MinuteBar::start).min().orElseThrow()).isEqualTo(t0);
    assertThat(posts).extracting(SocialPost::id).doesNotHaveDuplicates().hasSize(260);
    assertThat(posts)
        .filteredOn(p -> p.id().equals("t3_p0"))
        .singleElement()
        .satisfies(p -> assertThat(p.symbols()).containsExactly("AAPL"));
    assertThat(stream.connections()).isGreaterThanOrEqualTo(3);
    assertThat(reddit.tokensIssued())
        .as("a new poller after the restart")
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void everyKindOfBadInputLandsInTheDeadLettersWithItsReasonAndTheJobKeepsRunning()
      throws Exception {
    long t = t0;
    List<Case> cases = new ArrayList<>();
    // The trade topic.
    cases.add(Case.kafka("{\"symbol\":\"BTCUSD\",\"price\":1,garbage", "malformed-json"));
    cases.add(Case.kafka("", "empty-payload"));
    cases.add(Case.kafka("null", "null-record"));
    cases.add(Case.kafka(trade("k-neg-price", "BTCUSD", t, "-5", "1"), "invalid-trade"));
    cases.add(Case.kafka(trade("k-no-symbol", "", t, "5", "1"), "invalid-trade"));
    cases.add(Case.kafka(trade("k-neg-size", "BTCUSD", t, "5", "-1"), "invalid-trade"));
    cases.add(Case.kafka(trade("k-text-price", "BTCUSD", t, "\"abc\"", "1"), "malformed-json"));
    cases.add(
        Case.kafka(trade("k-future", "BTCUSD", now + 86_400_000L, "5", "1"), "future-timestamp"));
    cases.add(
        Case.kafka(
            trade("k-2005", "BTCUSD", 1_104_537_600_000L, "5", "1"), "before-history-start"));
    cases.add(Case.kafka(trade("k-unknown", "XYZ", t, "5", "1"), "unknown-symbol"));
    // The WebSocket.
    cases.add(Case.ws("{not json", "malformed-json", "{not json"));
    cases.add(Case.ws("{\"ev\":\"AM\",\"sym\":\"obj\"}", "unexpected-message", "\"obj\""));
    cases.add(Case.ws("[{\"ev\":\"LULD\",\"T\":\"AAPL\"}]", "unknown-event", "LULD"));
    cases.add(
        Case.ws(
            "[" + am("AAPL", t + 60_000).replace("\"c\":100.1,", "") + "]",
            "invalid-am-event",
            "\"o\":100.0,\"h\""));
    cases.add(
        Case.ws(
            "["
                + am("AAPL", t + 120_000)
                    .replace("\"e\":" + (t + 180_000), "\"e\":" + (t + 240_000))
                + "]",
            "invalid-am-event",
            "\"e\":" + (t + 240_000)));
    cases.add(
        Case.ws(
            "[" + am("AAPL", t + 300_000, "100", "99", "101", "100", "5") + "]",
            "invalid-minutebar",
            "\"high\":99"));
    cases.add(
        Case.ws(
            "[" + am("AAPL", t + 360_000, "100", "101", "99", "100", "-5") + "]",
            "invalid-minutebar",
            "\"volume\":-5"));
    cases.add(
        Case.ws(
            "[" + am("AAPL", t + 420_000, "100", "101", "99", "100", "7777") + "]", null, null));
    cases.add(
        Case.ws(
            "[" + am("AAPL", t + 420_000, "100", "101", "99", "100", "8888") + "]",
            "duplicate-bar",
            "\"volume\":8888"));
    cases.add(Case.ws("[" + am("ZZZZ", t + 480_000) + "]", "unknown-symbol", "ZZZZ"));
    cases.add(
        Case.ws(
            "[{\"ev\":\"T\",\"sym\":\"AAPL\",\"i\":\"ws-text-price\",\"p\":\"1.5\",\"s\":10,\"t\":"
                + t
                + "}]",
            "invalid-t-event",
            "ws-text-price"));
    // Reddit.
    cases.add(
        Case.reddit(
            "{\"kind\":\"t5\",\"data\":{\"name\":\"t5_sub\"}}", "invalid-reddit-item", "t5_sub"));
    cases.add(
        Case.reddit(
            "{\"kind\":\"t3\",\"data\":{\"name\":\"t3_nodate\",\"title\":\"x\"}}",
            "invalid-reddit-item",
            "t3_nodate"));
    cases.add(
        Case.reddit(
            "{\"kind\":\"t3\",\"data\":{\"name\":\"t3_empty\",\"title\":\"\",\"selftext\":\"\",\"created_utc\":"
                + (now - 60_000) / 1000.0
                + "}}",
            "invalid-socialpost",
            "t3_empty"));
    cases.add(
        Case.reddit(
            "{\"kind\":\"t3\",\"data\":{\"name\":\"t3_future\",\"title\":\"from the future\",\"created_utc\":"
                + (now + 86_400_000L) / 1000.0
                + "}}",
            "future-timestamp",
            "t3_future"));

    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (Case c : cases) {
        if (c.source().equals("kafka")) {
          producer.send(
              new ProducerRecord<>(
                  Topics.TRADES, null, t, null, c.input().getBytes(StandardCharsets.UTF_8)));
        }
      }
      // Good trades around the bad ones: two minutes of BTCUSD, then one far enough ahead to close
      // them.
      producer.send(tradeRecord("good-1", t + 1_000, "100"));
      producer.send(tradeRecord("good-2", t + 61_000, "101"));
      producer.send(tradeRecord("good-3", t + 600_000, "102"));
      producer.flush();
    }
    for (Case c : cases) {
      if (c.source().equals("reddit")) {
        reddit.rawChild("stocks/new", c.input(), now - 30_000);
      }
    }
    reddit.post("stocks", "fine", now - 20_000, "a good post about $AAPL", "");
    start("catalogue", sources(true, Set.of("BTCUSD", "AAPL")));
    stream.awaitSubscribed(60_000);
    for (Case c : cases) {
      if (c.source().equals("ws")) {
        stream.push(c.input());
      }
    }
    stream.push("[" + am("AAPL", t + 900_000) + "]");
    // The late trade: behind a watermark that has passed its minute.
    await(
        () -> committed(Topics.BARS_1M, MinuteBar.class, null),
        l -> l.stream().anyMatch(b -> b.symbol().equals("BTCUSD")),
        "the first BTCUSD bars");
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      producer.send(tradeRecord("k-late", t + 2_000, "99"));
      producer.flush();
    }
    cases.add(Case.kafka(trade("k-late", "BTCUSD", t + 2_000, "99", "1"), "late-trade"));

    long expected = cases.stream().filter(c -> c.reason() != null).count();
    List<DeadLetter> dead =
        await(
            () -> committed(Topics.DEAD_LETTERS, DeadLetter.class, null),
            l -> l.size() >= expected,
            expected + " dead letters");

    assertThat(expected).isGreaterThanOrEqualTo(20);
    assertThat(dead).hasSize((int) expected);
    for (Case c : cases) {
      if (c.reason() == null) {
        continue;
      }
      assertThat(dead)
          .as("dead letter for %s input %s", c.source(), c.input())
          .anySatisfy(
              d -> {
                assertThat(d.reason()).isEqualTo(c.reason());
                assertThat(d.payload()).contains(c.marker());
                assertThat(d.detail()).isNotBlank();
              });
    }
    // And the good records got through, before and after the bad ones.
    List<MinuteBar> bars = committed(Topics.BARS_1M, MinuteBar.class, null);
    assertThat(bars)
        .extracting(MinuteBar::symbol, MinuteBar::start)
        .contains(
            org.assertj.core.groups.Tuple.tuple("BTCUSD", t),
            org.assertj.core.groups.Tuple.tuple("BTCUSD", t + 60_000),
            org.assertj.core.groups.Tuple.tuple("AAPL", t + 420_000),
            org.assertj.core.groups.Tuple.tuple("AAPL", t + 900_000));
    assertThat(bars)
        .filteredOn(b -> b.start() == t + 420_000)
        .singleElement()
        .satisfies(b -> assertThat(b.volume()).isEqualByComparingTo("7777"));
    assertThat(committed(Topics.SOCIAL_POSTS, SocialPost.class, null))
        .extracting(SocialPost::id)
        .containsExactly("t3_fine");
  }

  /** One kind of bad input: where it enters, the reason expected, text its dead letter holds. */
  record Case(String source, String input, String reason, String marker) {
    static Case kafka(String payload, String reason) {
      return new Case("kafka", payload, reason, payload);
    }

    static Case ws(String frame, String reason, String marker) {
      return new Case("ws", frame, reason, marker);
    }

    static Case reddit(String child, String reason, String marker) {
      return new Case("reddit", child, reason, marker);
    }
  }

  static String trade(String id, String symbol, long ts, String price, String size) {
    return "{\"symbol\":\""
        + symbol
        + "\",\"timestamp\":"
        + ts
        + ",\"price\":"
        + price
        + ",\"size\":"
        + size
        + ",\"tradeId\":\""
        + id
        + "\",\"source\":\"test\"}";
  }

  private static ProducerRecord<byte[], byte[]> tradeRecord(String id, long ts, String price) {
    return new ProducerRecord<>(
        Topics.TRADES,
        null,
        ts,
        "BTCUSD".getBytes(StandardCharsets.UTF_8),
        trade(id, "BTCUSD", ts, price, "1").getBytes(StandardCharsets.UTF_8));
  }

  private KafkaProducer<byte[], byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
