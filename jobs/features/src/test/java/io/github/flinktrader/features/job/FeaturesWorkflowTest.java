package io.github.flinktrader.features.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.features.FeatureSpec;
import io.github.flinktrader.records.AggregateBar;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.SentimentLabel;
import io.github.flinktrader.serde.Json;
import io.github.flinktrader.serde.RawRecord;
import io.github.flinktrader.testing.BoundedJobs;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** The features topology on bounded input in a local Flink cluster. */
class FeaturesWorkflowTest {

  private static final long T0 = 1_385_337_600_000L; // a multiple of one hour

  @Test
  void buildsLongerBarsFromAcceptedBarsWithGapsFlaggedAndRefusesDuplicatesAndLateOnes()
      throws Exception {
    List<RawRecord> input = new ArrayList<>();
    // Minutes 0..4 except 2 (a gap), then 5..9 complete (6 twice), then minute 3 again, late.
    long offset = 0;
    for (int m : new int[] {0, 1, 3, 4, 5, 6, 6, 7, 8, 9, 70}) { // minute 6 twice: a duplicate
      input.add(raw(offset++, bar(m, 100 + m)));
    }
    input.add(raw(offset++, bar(3, 50)));
    input.add(new RawRecord("market.bars.1m", 0, offset, T0, "{\"symbol\":".getBytes()));

    StreamExecutionEnvironment env = BoundedJobs.environment(FeaturesJob.NAME);
    var raw = BoundedJobs.source(env, input, "test-source");
    List<RawRecord> scores = new ArrayList<>();
    scores.add(
        new RawRecord(
            "sentiment.aggregates",
            0,
            0,
            T0 + 120_000,
            Json.write(RollingFeaturesTest.score(2, SentimentLabel.POSITIVE, 0.7))));
    scores.add(
        new RawRecord("sentiment.aggregates", 0, 1, T0 + 120_000, "{\"symbol\":1}".getBytes()));
    var rawSentiment = BoundedJobs.source(env, scores, "test-sentiment");
    FeaturesJob.Outputs out = FeaturesJob.defineWorkflow(raw, rawSentiment);
    var features = out.features().collectAsync();
    var aggregates = out.aggregateBars().collectAsync();
    var dead = out.deadLetters().collectAsync();
    env.execute("features-test");

    List<FeatureVector> f = new ArrayList<>();
    features.forEachRemaining(f::add);
    List<AggregateBar> a = new ArrayList<>();
    aggregates.forEachRemaining(a::add);
    List<DeadLetter> d = new ArrayList<>();
    dead.forEachRemaining(d::add);

    assertThat(f).hasSize(10); // one per in-order bar; the late minute 3 is stale
    // The score at minute 2 counts for the bars that close within the hour after it.
    assertThat(f.get(0).values()[FeatureSpec.SENTIMENT_BULLISH]).isZero();
    assertThat(f.get(2).values()[FeatureSpec.SENTIMENT_BULLISH]).isEqualTo(1);
    assertThat(f.get(9).values()[FeatureSpec.SENTIMENT_BULLISH]).isZero(); // minute 70
    AggregateBar first5 =
        a.stream()
            .filter(b -> b.timeframeMinutes() == 5 && b.start() == T0)
            .findFirst()
            .orElseThrow();
    assertThat(first5.minutesWithTrades()).isEqualTo(4);
    assertThat(first5.hasGaps()).isTrue();
    assertThat(first5.open()).isEqualByComparingTo("100");
    assertThat(first5.close()).isEqualByComparingTo("104");
    assertThat(first5.high()).isEqualByComparingTo("105");
    assertThat(first5.low()).isEqualByComparingTo("99");
    assertThat(first5.volume()).isEqualByComparingTo("4");
    assertThat(first5.trades()).isEqualTo(8);
    AggregateBar second5 =
        a.stream()
            .filter(b -> b.timeframeMinutes() == 5 && b.start() == T0 + 300_000)
            .findFirst()
            .orElseThrow();
    assertThat(second5.hasGaps()).isFalse();
    assertThat(second5.volume()).isEqualByComparingTo("5"); // the duplicate minute 6 counted once
    assertThat(a.stream().filter(b -> b.timeframeMinutes() == 15))
        .hasSize(2); // minutes 0..14 and 60..74
    AggregateBar hour =
        a.stream()
            .filter(b -> b.timeframeMinutes() == 60 && b.start() == T0)
            .findFirst()
            .orElseThrow();
    assertThat(hour.minutesWithTrades()).isEqualTo(9);
    assertThat(hour.close()).isEqualByComparingTo("109");
    // No window without trades is invented: minutes 10..59 have no 5-minute bars.
    assertThat(a.stream().filter(b -> b.timeframeMinutes() == 5)).hasSize(3);

    // The duplicate minute 6 and the late minute 3 are refused where they arrive, so the longer
    // bars (built from the accepted minute bars) never see them.
    assertThat(d)
        .extracting(x -> x.stage() + ":" + x.reason())
        .containsExactlyInAnyOrder(
            "features.rolling-features:stale-bar",
            "features.rolling-features:stale-bar",
            "features.parse-bars:malformed-json",
            "features.parse-sentiment:malformed-json");
  }

  private static MinuteBar bar(long minute, double close) {
    long start = T0 + minute * 60_000;
    BigDecimal c = BigDecimal.valueOf(close);
    return new MinuteBar(
        "BTCUSD",
        start,
        start + 60_000,
        c,
        c.add(BigDecimal.ONE),
        c.subtract(BigDecimal.ONE),
        c,
        BigDecimal.ONE,
        c,
        2);
  }

  private static RawRecord raw(long offset, MinuteBar b) {
    return new RawRecord("market.bars.1m", 0, offset, b.eventTime(), Json.write(b));
  }
}
