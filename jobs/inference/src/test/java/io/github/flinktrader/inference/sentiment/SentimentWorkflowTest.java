package io.github.flinktrader.inference.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.inference.InferenceJob;
import io.github.flinktrader.records.SentimentAggregate;
import io.github.flinktrader.records.SentimentScore;
import io.github.flinktrader.records.SocialPost;
import io.github.flinktrader.serde.Json;
import io.github.flinktrader.serde.RawRecord;
import io.github.flinktrader.testing.BoundedJobs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The sentiment branch of the inference job on a MiniCluster, bounded: posts through the generic
 * async operator (a word-list test model, one that hangs on one post) into scores per symbol and
 * one-minute windows; bad posts and posts without symbols are accounted for.
 */
class SentimentWorkflowTest {

  static final long T0 = 1_700_000_040_000L - 1_700_000_040_000L % 60_000;

  /** Positive on "good", negative on "bad", neutral otherwise; hangs on "SLOW". */
  record WordModel(String version) implements SentimentModel.Factory {
    @Override
    public SentimentModel create(String device) {
      return new SentimentModel() {
        @Override
        public double[][] probabilities(List<String> texts) throws Exception {
          double[][] out = new double[texts.size()][];
          for (int i = 0; i < out.length; i++) {
            String t = texts.get(i);
            if (t.contains("SLOW")) {
              Thread.sleep(3_000);
            }
            out[i] =
                t.contains("good")
                    ? new double[] {0.1, 0, 0.9}
                    : t.contains("bad") ? new double[] {0.8, 0, 0.2} : new double[] {0.5, 0, 0.5};
          }
          return out;
        }

        @Override
        public int maxTokens() {
          return 64;
        }

        @Override
        public int countTokens(String text) {
          return text.split(" ").length;
        }

        @Override
        public String modelVersion() {
          return version;
        }

        @Override
        public double threshold() {
          return 0.7;
        }
      };
    }

    @Override
    public String modelVersion() {
      return version;
    }
  }

  static RawRecord raw(long offset, SocialPost p) {
    return new RawRecord("social.posts", 0, offset, p.createdAt(), Json.write(p));
  }

  static SocialPost post(String id, int minute, String text, String... symbols) {
    return new SocialPost(
        id, "reddit", "stocks", "x", T0 + minute * 60_000L + 1_000, text, "", symbols);
  }

  @Test
  void postsBecomeScoresPerSymbolAndWindowsWithEveryBadInputAccountedFor() throws Exception {
    // What the operators pass between them is serialised by Flink, never by Kryo.
    org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo(ScoredPost.class);
    org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo(Classification.class);
    List<RawRecord> input = new ArrayList<>();
    input.add(raw(0, post("t3_1", 0, "good quarter", "AAPL")));
    input.add(raw(1, post("t3_2", 0, "bad guidance", "AAPL", "MSFT")));
    input.add(raw(2, post("t3_3", 0, "good morning everyone"))); // no symbol: not scored
    input.add(
        new RawRecord(
            "social.posts", 0, 3, T0 + 30_000, "{not json".getBytes(StandardCharsets.UTF_8)));
    input.add(raw(4, post("t3_4", 1, "good start", "MSFT")));
    input.add(raw(5, post("t3_5", 1, "SLOW but good", "AAPL"))); // the model hangs: fallback

    StreamExecutionEnvironment env = BoundedJobs.environment(InferenceJob.NAME);
    var raw =
        env.fromData(input, TypeInformation.of(RawRecord.class))
            .uid("test-source")
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<RawRecord>forMonotonousTimestamps()
                    .withTimestampAssigner((r, ts) -> r.timestamp()))
            .uid("test-watermarks");
    var out =
        InferenceJob.defineSentiment(
            raw,
            null,
            InferenceJob.Options.defaults()
                .withSentiment(new WordModel("words/1"))
                .withScoring(new InferenceJob.Batching(1_000, 1, 0, 256)));
    var scores = out.scores().collectAsync();
    var aggregates = out.aggregates().collectAsync();
    var dead = out.deadLetters().collectAsync();
    env.execute("sentiment-test");

    List<SentimentScore> s = new ArrayList<>();
    scores.forEachRemaining(s::add);
    assertThat(s)
        .extracting(
            x ->
                x.postId() + ":" + x.symbol() + ":" + x.label() + (x.fallback() ? ":fallback" : ""))
        .containsExactly(
            "t3_1:AAPL:POSITIVE",
            "t3_2:AAPL:NEGATIVE",
            "t3_2:MSFT:NEGATIVE",
            "t3_4:MSFT:POSITIVE",
            "t3_5:AAPL:NEUTRAL:fallback");
    assertThat(s).allMatch(x -> x.violation().isEmpty() && x.modelVersion().equals("words/1"));

    List<SentimentAggregate> a = new ArrayList<>();
    aggregates.forEachRemaining(a::add);
    assertThat(a)
        .extracting(
            x ->
                x.symbol()
                    + "@"
                    + (x.windowStart() - T0) / 60_000
                    + " "
                    + x.bullish()
                    + "/"
                    + x.bearish()
                    + "/"
                    + x.neutral()
                    + " fallbacks "
                    + x.fallbacks())
        .containsExactlyInAnyOrder(
            "AAPL@0 1/1/0 fallbacks 0",
            "MSFT@0 0/1/0 fallbacks 0",
            "MSFT@1 1/0/0 fallbacks 0",
            "AAPL@1 0/0/1 fallbacks 1");
    List<String> reasons = new ArrayList<>();
    dead.forEachRemaining(d -> reasons.add(d.reason()));
    assertThat(reasons).containsExactly("malformed-json");
  }
}
