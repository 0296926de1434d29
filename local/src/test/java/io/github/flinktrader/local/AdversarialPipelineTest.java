package io.github.flinktrader.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.flink.JobSettings;
import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.offline.data.BitstampSample;
import io.github.flinktrader.offline.data.TradeReplayer;
import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.serde.WireFormat;
import io.github.flinktrader.testing.LocalKafka;
import io.github.flinktrader.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The adversarial catalogue: the four jobs run unbounded on a local Flink cluster (RocksDB,
 * checkpoints every 2 s) against a real Kafka broker and PostgreSQL, the real Bitstamp trades flow
 * through them, and among those trades every input topic of every job receives bad records of many
 * kinds. Each must come out as a dead letter with its expected reason, while every job stays
 * RUNNING without a single restart, the good trades still become every bar they should, no bad
 * value reaches a result table, and no order is made from a bad forecast.
 */
class AdversarialPipelineTest {

  /** One bad input: where it goes, what it is, the reason it must be refused with. */
  record Case(
      String name,
      String topic,
      long kafkaTimestamp,
      byte[] payload,
      String reason,
      String marker,
      String stagePrefix) {}

  private static final String GOOD_TRADE =
      "{\"symbol\":\"BTCUSD\",\"timestamp\":%d,\"price\":%s,\"size\":%s,\"tradeId\":\"%s\","
          + "\"source\":\"adversary\"}";

  private static final int SEGMENT = 12_000;

  @Test
  void everyBadInputIsDeadLetteredWhileTheJobsRunOn() throws Exception {
    List<String> lines = sampleLines(2 * SEGMENT);
    long firstMs = millis(lines.get(0));
    long endOfA = millis(lines.get(SEGMENT - 1));
    long startOfB = millis(lines.get(SEGMENT));
    long minute = 60_000;
    long t0 = firstMs - firstMs % minute;
    Set<Long> minutes = new TreeSet<>();
    for (String l : lines) {
      minutes.add(millis(l) / minute);
    }

    List<Case> tradeCases = tradeCases(t0 + 100 * minute);
    // The one good record among the bad trades makes its minute's bar (if no real trade did).
    tradeCases.stream()
        .filter(c -> c.reason() == null)
        .forEach(c -> minutes.add(c.kafkaTimestamp() / minute));
    List<Case> downstream = downstreamCases(t0, startOfB);

    try (LocalKafka kafka = LocalKafka.start();
        TestDatabase db = TestDatabase.create();
        LocalFlinkCluster flink = new LocalFlinkCluster(freePort(), freePort(), 8)) {
      JobSettings settings =
          new JobSettings(
              kafka.bootstrapServers(),
              db.settings(),
              false,
              Duration.ofSeconds(2),
              Files.createTempDirectory("adversarial").toUri().toString(),
              1,
              "adversarial");
      Map<String, JobClient> jobs = new LinkedHashMap<>();
      for (PipelineJobs.Job job : PipelineJobs.ALL) {
        jobs.put(job.name(), flink.submit(job, settings));
      }
      try (Producer<byte[], byte[]> producer = TradeReplayer.producer(kafka.bootstrapServers())) {
        // Segment A of the real trades, with the bad trades among them in event-time order.
        new TradeReplayer(producer, "BTCUSD", "bitstamp-replay", 0)
            .alongside(records(tradeCases))
            .replay(csv(lines.subList(0, SEGMENT)), n -> {});
        awaitCount(db, "select count(*) from forecasts", 500, Duration.ofMinutes(3));

        // A trade for a minute long closed, and an unreadable record stamped 50 minutes ahead of
        // the data: it must not move event time, or segment B's trades would all be late.
        List<Case> timed =
            List.of(
                new Case(
                    "late trade",
                    Topics.TRADES,
                    endOfA,
                    trade(t0 + 10 * minute + 5_000, "800", "1", "adv-late"),
                    "late-trade",
                    "adv-late",
                    "ingest"),
                new Case(
                    "unreadable record stamped 50 minutes ahead",
                    Topics.TRADES,
                    endOfA + 50 * minute,
                    "{\"adv-poison\" 50 minutes ahead".getBytes(StandardCharsets.UTF_8),
                    "malformed-json",
                    "adv-poison",
                    "ingest"));
        for (ProducerRecord<byte[], byte[]> r : records(timed)) {
          producer.send(r);
        }
        for (ProducerRecord<byte[], byte[]> r : records(downstream)) {
          producer.send(r);
        }
        producer.flush();

        // Segment B.
        new TradeReplayer(producer, "BTCUSD", "bitstamp-replay", 0)
            .replay(csv(lines.subList(SEGMENT, lines.size())), n -> {});

        List<Case> all = new ArrayList<>(tradeCases);
        all.addAll(timed);
        all.addAll(downstream);
        assertThat(all.size()).isGreaterThanOrEqualTo(60);
        assertThat(all.stream().map(Case::topic).distinct())
            .containsExactlyInAnyOrder(
                Topics.TRADES,
                Topics.BARS_1M,
                Topics.FEATURES,
                Topics.SENTIMENT_AGGREGATES,
                Topics.FORECASTS,
                Topics.TRADING_CONTROL,
                Topics.BROKER_FEEDBACK,
                Topics.MODEL_CONTROL);

        // Wait until every bar of the good trades is there (the newest minute stays open) and
        // every case has its dead letter, or time runs out.
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        List<String> missing = all.stream().map(Case::name).toList();
        while (System.nanoTime() < deadline) {
          List<DeadRow> dead = deadLetters(db);
          missing = all.stream().filter(c -> !found(c, dead)).map(Case::name).toList();
          if (missing.isEmpty() && db.count("select count(*) from bars_1m") >= minutes.size() - 1) {
            break;
          }
          Thread.sleep(1_000);
        }
        List<DeadRow> dead = deadLetters(db);
        List<String> failures = new ArrayList<>();
        for (Case c : all) {
          if (!found(c, dead)) {
            failures.add(
                "%s: no %s dead letter%s; seen for it: %s"
                    .formatted(
                        c.name(),
                        c.reason(),
                        c.stagePrefix() == null ? "" : " from " + c.stagePrefix(),
                        dead.stream()
                            .filter(d -> d.payload().contains(c.marker()))
                            .map(d -> d.stage() + ":" + d.reason())
                            .limit(5)
                            .toList()));
          }
        }
        assertThat(failures).isEmpty();
        assertThat(missing).isEmpty();

        // Every job still running, never restarted.
        HttpClient http = HttpClient.newHttpClient();
        for (Map.Entry<String, JobClient> e : jobs.entrySet()) {
          assertThat(e.getValue().getJobStatus().get()).as(e.getKey()).isEqualTo(JobStatus.RUNNING);
          String base = flink.webUi() + "/jobs/" + e.getValue().getJobID();
          // The web UI fetches metrics every few seconds: ask until the job's metric is there.
          String metrics = "[]";
          for (int i = 0; i < 60 && metrics.equals("[]"); i++) {
            metrics = get(http, base + "/metrics?get=numRestarts");
            if (metrics.equals("[]")) {
              Thread.sleep(500);
            }
          }
          assertThat(get(http, base + "/exceptions"))
              .as(e.getKey() + ": no failure at all")
              .contains("\"entries\":[]");
          assertThat(metrics).as(e.getKey()).contains("\"value\":\"0\"");
        }

        // The good records still flowed: every closed minute of the real trades is a bar, with
        // the real prices; the poison did not make a single good trade late.
        assertThat(db.count("select count(*) from bars_1m"))
            .isBetween((long) minutes.size() - 1, (long) minutes.size());
        assertThat(db.count("select count(*) from dead_letters where reason = 'late-trade'"))
            .isEqualTo(1);
        assertThat(db.count("select count(*) from bars_1m where symbol <> 'BTCUSD'")).isZero();
        assertThat(db.count("select count(*) from bars_1m where high > 2000 or low < 100"))
            .isZero();
        assertThat(db.count("select count(*) from features where symbol <> 'BTCUSD'")).isZero();
        assertThat(db.count("select count(*) from forecasts")).isGreaterThan(1_000);
        // No order from a bad forecast, no command from a bad one.
        assertThat(db.count("select count(*) from orders")).isPositive();
        assertThat(
                db.count(
                    "select count(*) from order_audit where model_version is null"
                        + " or model_version not like 'baseline%'"))
            .isZero();
        assertThat(db.count("select count(*) from control_commands where reason like 'adv-%'"))
            .isZero();
        assertThat(db.count("select count(*) from social_posts")).isZero();
        assertThat(
                db.count(
                    "select count(*) from dead_letters where reason = 'stale-bar'"
                        + " and stage like 'execution%'"))
            .isEqualTo(1);
      } finally {
        for (JobClient j : jobs.values()) {
          j.cancel().get();
        }
      }
    }
  }

  /** Bad trades, one a minute from {@code at}, each marked by its trade id or a probe field. */
  private static List<Case> tradeCases(long at) {
    List<Case> cases = new ArrayList<>();
    long[] t = {at};
    String ok = "789.5";
    add(cases, t, "not JSON", "{adv-01 oops", "malformed-json", "adv-01");
    add(cases, t, "empty value", "", "empty-payload", "");
    add(cases, t, "JSON null", "null", "null-record", "null");
    add(cases, t, "JSON array", "[\"adv-04\"]", "malformed-json", "adv-04");
    add(cases, t, "JSON string", "\"adv-05\"", "malformed-json", "adv-05");
    add(cases, t, "JSON number", "4205", "malformed-json", "4205");
    add(
        cases,
        t,
        "7 bytes holding a NUL",
        new byte[] {'{', 0, 'a', 'd', 'v', '7', '}'},
        "malformed-json",
        "adv7");
    add(
        cases,
        t,
        "not UTF-8",
        new byte[] {'{', (byte) 0xC3, (byte) 0x28, 'a', 'd', 'v', '8'},
        "malformed-json",
        "adv8");
    add(cases, t, "terminal escapes", "\u001b[31madv-09\u0007", "malformed-json", "adv-09");
    add(
        cases,
        t,
        "truncated JSON",
        ("{\"probe\":\"adv-10\"," + tradeText(t[0] + 60_000, ok, "1", "adv-10").substring(1))
            .substring(0, 80),
        "malformed-json",
        "adv-10");
    add(cases, t, "nested 3000 deep", "[".repeat(3000) + "adv-11", "malformed-json", "adv-11");
    add(
        cases,
        t,
        "a 900 KB text field",
        tradeText(t[0] + 60_000, ok, "1", "adv-12")
            .replace("\"source\":\"adversary\"", "\"source\":\"" + "x".repeat(900_000) + "\""),
        "invalid-trade",
        "adv-12");
    String[][] invalid = {
      {"negative price", "-5", "1", "invalid-trade"},
      {"zero price", "0", "1", "invalid-trade"},
      {"price 1e999999999", "1e999999999", "1", "invalid-trade"},
      {"price 1e-999999999", "1e-999999999", "1", "invalid-trade"},
      {"price as text", "\"cheap\"", "1", "malformed-json"},
      {"price NaN", "NaN", "1", "malformed-json"},
      {"price Infinity", "Infinity", "1", "malformed-json"},
      {"negative size", ok, "-1", "invalid-trade"},
      {"size 1e30", ok, "1e30", "invalid-trade"},
      {"size with 30 decimals", ok, "0.000000000000000000000000000001", "invalid-trade"},
      {"price 10^9 x the market", "789000000000", "0.000001", "price-band"},
      {"price 10^-9 x the market", "0.000000789", "1", "price-band"},
      {"size worth 10^12", ok, "1500000000", "size-bound"},
    };
    int n = 13;
    for (String[] c : invalid) {
      String id = "adv-" + n++;
      add(cases, t, c[0], tradeText(t[0] + 60_000, c[1], c[2], id), c[3], id);
    }
    String[][] badSymbols = {
      {"lower-case symbol", "btcusd"},
      {"symbol with NUL", "BTC\\u0000USD"},
      {"symbol of 40 letters", "B".repeat(40)},
      {"symbol with SQL", "BTC'; DROP TABLE bars_1m;--"},
      {"symbol with a newline", "BTC\\nUSD"},
      {"empty symbol", ""},
      {"symbol with an emoji", "BTC\uD83D\uDE80"},
    };
    for (String[] s : badSymbols) {
      String id = "adv-" + n++;
      add(
          cases,
          t,
          s[0],
          tradeText(t[0] + 60_000, ok, "1", id).replace("\"BTCUSD\"", "\"" + s[1] + "\""),
          "invalid-trade",
          id);
    }
    String id = "adv-" + n++;
    add(
        cases,
        t,
        "missing trade id",
        tradeText(t[0] + 60_000, ok, "1", id)
            .replace("\"tradeId\":\"" + id + "\"", "\"probe\":\"" + id + "\""),
        "invalid-trade",
        id);
    id = "adv-" + n++;
    add(
        cases,
        t,
        "duplicate key",
        tradeText(t[0] + 60_000, ok, "1", id).replace("\"size\":1", "\"size\":1,\"size\":2"),
        "malformed-json",
        id);
    id = "adv-" + n++;
    add(
        cases,
        t,
        "timestamp in 2100",
        tradeText(4_102_444_800_000L, ok, "1", id),
        "future-timestamp",
        id);
    id = "adv-" + n++;
    add(
        cases,
        t,
        "timestamp in 1990",
        tradeText(631_152_000_000L, ok, "1", id),
        "before-history-start",
        id);
    id = "adv-" + n++;
    add(cases, t, "negative timestamp", tradeText(-5, ok, "1", id), "invalid-trade", id);
    id = "adv-" + n++;
    add(
        cases,
        t,
        "timestamp beyond a long",
        tradeText(t[0] + 60_000, ok, "1", id)
            .replaceFirst("\"timestamp\":\\d+", "\"timestamp\":1e30"),
        "malformed-json",
        id);
    id = "adv-" + n++;
    add(
        cases,
        t,
        "a minute bar on the trade topic",
        "{\"symbol\":\"BTCUSD\",\"start\":1385337600000,\"end\":1385337660000,\"probe\":\""
            + id
            + "\"}",
        "malformed-json",
        id);
    add(
        cases,
        t,
        "a binary minute bar on the trade topic",
        WireFormat.write(bar(1_385_337_600_000L, "7.77")),
        "malformed-binary",
        "");
    add(
        cases,
        t,
        "a damaged binary record",
        new byte[] {WireFormat.BINARY_MARKER, 1, 'B', 0, 9},
        "malformed-binary",
        "");
    // The same venue trade twice, at a time with real trades: the second is counted once.
    id = "adv-" + n++;
    t[0] += 60_000;
    byte[] dup = trade(t[0], ok, "1", id);
    cases.add(new Case("a trade sent twice (first)", Topics.TRADES, t[0], dup, null, id, null));
    cases.add(
        new Case(
            "a trade sent twice (again)",
            Topics.TRADES,
            t[0] + 1,
            dup,
            "duplicate-trade",
            id,
            "ingest"));
    return cases;
  }

  /** One bad trade a minute after the last: {@code payload} text or bytes. */
  private static void add(
      List<Case> cases, long[] t, String name, Object payload, String reason, String marker) {
    t[0] += 60_000;
    byte[] bytes =
        payload instanceof byte[] b ? b : ((String) payload).getBytes(StandardCharsets.UTF_8);
    cases.add(new Case(name, Topics.TRADES, t[0], bytes, reason, marker, "ingest"));
  }

  /** Bad records for the topics between the jobs. */
  private static List<Case> downstreamCases(long t0, long startOfB) {
    List<Case> c = new ArrayList<>();
    long minute = 60_000;
    long mid = startOfB - startOfB % minute + 30_000;
    String bars = Topics.BARS_1M;
    c.add(text("bar: not JSON", bars, "{adv-b1", "malformed-json", "adv-b1"));
    c.add(
        bytes(
            "bar: damaged binary",
            bars,
            Arrays.copyOf(WireFormat.write(bar(t0 + 3 * minute, "7.77")), 30),
            "malformed-binary",
            ""));
    c.add(
        text(
            "bar: high below low",
            bars,
            barJson(t0 + 2 * minute, "800", "700", "900", "800", "adv-b3"),
            "invalid-minutebar",
            "adv-b3"));
    c.add(
        text(
            "bar: start off the minute",
            bars,
            barJson(t0 + 2 * minute + 17, "800", "800", "800", "800", "adv-b4"),
            "invalid-minutebar",
            "adv-b4"));
    c.add(
        text(
            "bar: in 2100",
            bars,
            barJson(4_102_444_800_000L, "800", "800", "800", "800", "adv-b5"),
            "future-timestamp",
            "adv-b5"));
    c.add(
        text(
            "bar: volume 1e20",
            bars,
            barJson(t0 + 2 * minute, "800", "800", "800", "800", "adv-b6")
                .replace("\"volume\":1", "\"volume\":1e20"),
            "invalid-minutebar",
            "adv-b6"));
    c.add(
        bytes(
            "bar: a feature vector",
            bars,
            WireFormat.write(
                new FeatureVector(
                    "BTCUSD", t0 + minute, "core/2", BigDecimal.TEN, new double[] {1}, true)),
            "malformed-binary",
            ""));
    // A stale bar 10x the price: refused by the features job and by execution's rules and marks.
    MinuteBar stale = bar(t0 + 5 * minute, "7777.77");
    c.add(
        new Case(
            "bar: stale and 10x the price (features)",
            bars,
            stale.eventTime(),
            WireFormat.write(stale),
            "stale-bar",
            "7777.77",
            "features"));
    c.add(
        new Case(
            "bar: stale and 10x the price (execution)",
            bars,
            stale.eventTime(),
            WireFormat.write(stale),
            "stale-bar",
            "7777.77",
            "execution"));

    String features = Topics.FEATURES;
    c.add(text("features: not JSON", features, "{adv-f1", "malformed-json", "adv-f1"));
    FeatureVector v =
        new FeatureVector(
            "BTCUSD", t0 + 3 * minute, "adv-f2", BigDecimal.TEN, new double[33], true);
    byte[] vb = WireFormat.write(v);
    c.add(
        bytes(
            "features: truncated binary",
            features,
            Arrays.copyOf(vb, vb.length - 3),
            "malformed-binary",
            ""));
    byte[] wrongVersion = vb.clone();
    wrongVersion[1] = 9;
    c.add(
        bytes("features: unknown binary version", features, wrongVersion, "malformed-binary", ""));
    byte[] hugeCount = vb.clone();
    c.add(
        bytes(
            "features: announces 2^31 values",
            features,
            patchValueCount(hugeCount),
            "malformed-binary",
            ""));
    c.add(
        text(
            "features: blank symbol",
            features,
            "{\"symbol\":\" \",\"barEnd\":"
                + (t0 + 3 * minute)
                + ",\"specVersion\":\"adv-f5\","
                + "\"close\":10,\"values\":[1],\"warm\":true}",
            "invalid-featurevector",
            "adv-f5"));
    c.add(
        text(
            "features: in 2100",
            features,
            "{\"symbol\":\"BTCUSD\",\"barEnd\":4102444800000,\"specVersion\":\"adv-f6\","
                + "\"close\":10,\"values\":[1],\"warm\":true}",
            "future-timestamp",
            "adv-f6"));
    c.add(
        new Case(
            "features: a stale vector",
            features,
            t0 + 3 * minute,
            vb,
            "stale-features",
            "adv-f2",
            "inference"));

    String aggregates = Topics.SENTIMENT_AGGREGATES;
    c.add(text("sentiment: not JSON", aggregates, "{adv-s1", "malformed-json", "adv-s1"));
    c.add(
        text(
            "sentiment: mean score 5",
            aggregates,
            sentiment(t0 + 4 * minute, "5", "adv-s2"),
            "invalid-sentimentaggregate",
            "adv-s2"));
    c.add(
        text(
            "sentiment: in 2100",
            aggregates,
            sentiment(4_102_444_800_000L, "0.5", "adv-s3"),
            "future-timestamp",
            "adv-s3"));

    String forecasts = Topics.FORECASTS;
    c.add(text("forecast: not JSON", forecasts, "{adv-p1", "malformed-json", "adv-p1"));
    c.add(
        text(
            "forecast: NaN price",
            forecasts,
            forecast(mid, "adv-p2", "[799,NaN,801]", 800),
            "malformed-json",
            "adv-p2"));
    c.add(
        text(
            "forecast: prices of the wrong length",
            forecasts,
            forecast(mid, "adv-p3", "[799,800]", 800),
            "invalid-forecast",
            "adv-p3"));
    c.add(
        text(
            "forecast: negative reference price",
            forecasts,
            forecast(mid, "adv-p4", "[799,800,801]", -800),
            "invalid-forecast",
            "adv-p4"));
    c.add(
        text(
            "forecast: in 2100",
            forecasts,
            forecast(4_102_444_800_000L, "adv-p5", "[799,800,801]", 800),
            "future-timestamp",
            "adv-p5"));
    c.add(
        text(
            "forecast: crossed quantiles",
            forecasts,
            forecast(mid, "adv-p6", "[900,800,700]", 800),
            "implausible-forecast",
            "adv-p6"));
    c.add(
        text(
            "forecast: median a million times the price",
            forecasts,
            forecast(mid + 1_000, "adv-p7", "[7.9e8,8e8,8.1e8]", 800),
            "implausible-forecast",
            "adv-p7"));
    c.add(
        text(
            "forecast: lower-case symbol",
            forecasts,
            forecast(mid, "adv-p8", "[799,800,801]", 800).replace("BTCUSD", "btcusd"),
            "invalid-forecast",
            "adv-p8"));

    String control = Topics.TRADING_CONTROL;
    long now = System.currentTimeMillis();
    c.add(text("command: not JSON", control, "{adv-c1", "malformed-json", "adv-c1"));
    c.add(
        text(
            "command: no account",
            control,
            command("", "KILL", null, now, "adv-c2"),
            "invalid-controlcommand",
            "adv-c2"));
    c.add(
        text(
            "command: unknown kind",
            control,
            command("paper", "NUKE", null, now, "adv-c3"),
            "malformed-json",
            "adv-c3"));
    c.add(
        text(
            "command: kind as a number",
            control,
            command("paper", "KILL", null, now, "adv-c4").replace("\"KILL\"", "0"),
            "malformed-json",
            "adv-c4"));
    c.add(
        text(
            "command: issued in 2100",
            control,
            command("paper", "KILL", null, 4_102_444_800_000L, "adv-c5"),
            "future-timestamp",
            "adv-c5"));
    c.add(
        text(
            "command: symbol halt without a symbol",
            control,
            command("paper", "HALT_SYMBOL", null, now, "adv-c6"),
            "invalid-controlcommand",
            "adv-c6"));
    c.add(
        text(
            "command: symbol with control characters",
            control,
            command("paper", "HALT_SYMBOL", "BTC\\u0007", now, "adv-c7"),
            "invalid-controlcommand",
            "adv-c7"));

    c.add(
        text(
            "command: UNFILLED (broker only) on the operators' bus",
            control,
            command("paper", "UNFILLED", "BTCUSD", now, "adv-c8").replace("}", ",\"quantity\":5}"),
            "broker-only-command",
            "adv-c8"));
    c.add(
        text(
            "command: halt of a symbol the account does not know",
            control,
            command("paper", "HALT_SYMBOL", "ZZTOP", now, "adv-c9"),
            "unknown-symbol",
            "adv-c9"));

    String feedback = Topics.BROKER_FEEDBACK;
    c.add(text("broker feedback: not JSON", feedback, "[adv-b1", "malformed-json", "adv-b1"));
    c.add(
        text(
            "broker feedback: a KILL on the broker's topic",
            feedback,
            command("paper", "KILL", null, now, "adv-b2"),
            "not-broker-feedback",
            "adv-b2"));
    c.add(
        text(
            "broker feedback: UNFILLED from an operator",
            feedback,
            command("paper", "UNFILLED", "BTCUSD", now, "adv-b3").replace("}", ",\"quantity\":5}"),
            "not-broker-feedback",
            "adv-b3"));

    String models = Topics.MODEL_CONTROL;
    c.add(text("model: not JSON", models, "{adv-m1", "malformed-json", "adv-m1"));
    c.add(
        text(
            "model: a path as its name",
            models,
            "{\"model\":\"../../etc\",\"version\":\"v1\",\"role\":\"live\",\"announcedAt\":"
                + now
                + ",\"probe\":\"adv-m2\"}",
            "invalid-modelannouncement",
            "adv-m2"));
    c.add(
        text(
            "model: unknown role",
            models,
            "{\"model\":\"tft\",\"version\":\"v1\",\"role\":\"boss\",\"announcedAt\":"
                + now
                + ",\"probe\":\"adv-m3\"}",
            "invalid-modelannouncement",
            "adv-m3"));
    return c;
  }

  private static byte[] patchValueCount(byte[] vector) {
    // The count is the 4 bytes before the 33 doubles at the end.
    int at = vector.length - 33 * 8 - 4;
    vector[at] = 0x7F;
    vector[at + 1] = (byte) 0xFF;
    vector[at + 2] = (byte) 0xFF;
    vector[at + 3] = (byte) 0xFF;
    return vector;
  }

  private static Case text(
      String name, String topic, String payload, String reason, String marker) {
    return bytes(name, topic, payload.getBytes(StandardCharsets.UTF_8), reason, marker);
  }

  private static Case bytes(
      String name, String topic, byte[] payload, String reason, String marker) {
    return new Case(name, topic, 1_385_337_600_000L, payload, reason, marker, null);
  }

  private static String tradeText(long time, String price, String size, String id) {
    return GOOD_TRADE.formatted(time, price, size, id);
  }

  private static byte[] trade(long time, String price, String size, String id) {
    return tradeText(time, price, size, id).getBytes(StandardCharsets.UTF_8);
  }

  private static MinuteBar bar(long start, String price) {
    BigDecimal p = new BigDecimal(price);
    return new MinuteBar("BTCUSD", start, start + 60_000, p, p, p, p, BigDecimal.ONE, p, 1);
  }

  private static String barJson(
      long start, String open, String high, String low, String close, String probe) {
    return ("{\"symbol\":\"BTCUSD\",\"start\":%d,\"end\":%d,\"open\":%s,\"high\":%s,\"low\":%s,"
            + "\"close\":%s,\"volume\":1,\"vwap\":%s,\"trades\":1,\"probe\":\"%s\"}")
        .formatted(start, start + 60_000, open, high, low, close, close, probe);
  }

  private static String sentiment(long start, String mean, String model) {
    return ("{\"symbol\":\"BTCUSD\",\"windowStart\":%d,\"windowEnd\":%d,\"bullish\":1,\"bearish\":0,"
            + "\"neutral\":0,\"total\":1,\"fallbacks\":0,\"meanScore\":%s,\"smoothedScore\":0,"
            + "\"momentum\":0,\"volumeZ\":0,\"meanZ\":0,\"anomaly\":false,\"modelVersion\":\"%s\"}")
        .formatted(start, start + 60_000, mean, model);
  }

  private static String forecast(long barEnd, String model, String prices, double reference) {
    return ("{\"symbol\":\"BTCUSD\",\"barEnd\":%d,\"modelVersion\":\"%s\",\"referencePrice\":%s,"
            + "\"horizonsMinutes\":[60],\"quantileLevels\":[0.1,0.5,0.9],\"prices\":%s,"
            + "\"fallback\":false}")
        .formatted(barEnd, model, BigDecimal.valueOf(reference).toPlainString(), prices);
  }

  private static String command(
      String account, String kind, String symbol, long issuedAt, String reason) {
    return ("{\"account\":\"%s\",\"kind\":\"%s\",\"symbol\":%s,\"issuedAt\":%d,\"until\":0,"
            + "\"source\":\"operator:adversary\",\"reason\":\"%s\"}")
        .formatted(account, kind, symbol == null ? "null" : "\"" + symbol + "\"", issuedAt, reason);
  }

  private static List<ProducerRecord<byte[], byte[]>> records(List<Case> cases) {
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
    for (Case c : cases) {
      out.add(new ProducerRecord<>(c.topic(), null, c.kafkaTimestamp(), null, c.payload()));
    }
    return out;
  }

  /** A dead letter as stored, its payload decoded when it was kept as base64. */
  record DeadRow(String stage, String reason, String payload) {}

  private static List<DeadRow> deadLetters(TestDatabase db) throws Exception {
    List<DeadRow> rows = new ArrayList<>();
    try (Connection c = db.settings().connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select stage, reason, payload from dead_letters")) {
      while (rs.next()) {
        String payload = rs.getString(3) == null ? "" : rs.getString(3);
        if (payload.startsWith("base64:")) {
          payload =
              new String(
                  Base64.getDecoder().decode(payload.substring(7)), StandardCharsets.ISO_8859_1);
        }
        rows.add(new DeadRow(rs.getString(1), rs.getString(2), payload));
      }
    }
    return rows;
  }

  private static boolean found(Case c, List<DeadRow> dead) {
    if (c.reason() == null) {
      return true;
    }
    return dead.stream()
        .anyMatch(
            d ->
                d.reason().equals(c.reason())
                    && d.payload().contains(c.marker())
                    && (c.stagePrefix() == null || d.stage().startsWith(c.stagePrefix())));
  }

  private static void awaitCount(TestDatabase db, String sql, long atLeast, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (db.count(sql) < atLeast) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + atLeast + " from: " + sql);
      }
      Thread.sleep(500);
    }
  }

  private static List<String> sampleLines(int n) throws Exception {
    List<String> lines = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(BitstampSample.open(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null && lines.size() < n) {
        if (!line.isBlank() && !line.startsWith("timestamp")) {
          lines.add(line);
        }
      }
    }
    return lines;
  }

  private static long millis(String line) {
    return Long.parseLong(line.substring(0, line.indexOf(','))) * 1000;
  }

  private static ByteArrayInputStream csv(List<String> lines) {
    return new ByteArrayInputStream(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
  }

  private static String get(HttpClient http, String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
