package io.github.flinktrader.offline.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinktrader.inference.sentiment.Classification;
import io.github.flinktrader.inference.sentiment.Lexicon;
import io.github.flinktrader.inference.sentiment.MiniLmSentiment;
import io.github.flinktrader.inference.sentiment.SentimentHead;
import io.github.flinktrader.inference.sentiment.SentimentModel;
import io.github.flinktrader.inference.tft.ModelRegistry;
import io.github.flinktrader.records.SentimentLabel;
import io.github.flinktrader.records.SocialPost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains the MiniLM head on part of the real labelled sentences, once for the class. */
class SentimentTrainingTest {

  @TempDir static Path registry;
  static SentimentTraining.Result result;

  @BeforeAll
  static void train() throws Exception {
    result = SentimentTraining.train(TextData.dir(), registry, 11, 400);
  }

  private static SentimentMetrics row(String prefix) {
    return result.rows().stream()
        .filter(r -> r.classifier().startsWith(prefix))
        .findFirst()
        .orElseThrow()
        .metrics();
  }

  @Test
  void theTrainedModelBeatsTheLexiconBaselineOnHeldOutSentences() {
    SentimentMetrics model = row("MiniLM + head, no threshold");
    SentimentMetrics lexicon = row("baseline");
    assertThat(model.samples()).isEqualTo(180); // 15% of 6 strata of 200
    assertThat(model.accuracy()).isGreaterThan(0.8);
    assertThat(model.low()).isGreaterThan(lexicon.high()); // intervals apart: not luck
    assertThat(model.macroF1()).isGreaterThan(lexicon.macroF1());
    // The threshold trades answers for confidence: some abstain, those left are more often right.
    SentimentMetrics thresholded = row("MiniLM + head, threshold");
    assertThat(thresholded.neutralShare()).isBetween(0.01, 0.5);
    double answeredAccuracy = thresholded.accuracy() / (1 - thresholded.neutralShare());
    assertThat(answeredAccuracy).isGreaterThan(model.accuracy());
  }

  @Test
  void theVersionIsRegisteredWithEverythingItNeedsAndScoresTheSameWhenLoaded() throws Exception {
    assertThat(new ModelRegistry(registry).approved(MiniLmSentiment.MODEL))
        .contains(result.version());
    for (String file : List.of(SentimentHead.FILE, Lexicon.FILE, "card.json")) {
      assertThat(result.dir().resolve(file)).exists();
    }
    assertThat(Files.readString(result.dir().resolve("card.json"))).contains("\"seed\" : 11");
    List<SentimentTraining.Row> again =
        SentimentTraining.evaluate(TextData.dir(), registry, null, Classification.THRESHOLD);
    assertThat(again.get(1).metrics().accuracy())
        .isCloseTo(
            row("MiniLM + head, no threshold").accuracy(),
            org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void postsAreCleanedSplitAndScoredAsAWhole() throws Exception {
    MiniLmSentiment.Factory factory =
        MiniLmSentiment.factory(registry, null, Classification.THRESHOLD);
    String longBody =
        "The battery life is excellent and the screen is gorgeous. ".repeat(40)
            + "I love it, best purchase this year!";
    try (SentimentModel model = factory.create("cpu")) {
      assertThat(model.countTokens(longBody)).isGreaterThan(model.maxTokens());
      List<Classification> c =
          model.predict(
              List.of(
                  post("t3_a", "Great product, works perfectly", "Highly recommended **A+**"),
                  post("t3_b", "Terrible, it broke after a day", "Waste of money. Avoid."),
                  post("t3_c", "Review", longBody),
                  post("t3_d", "", "https://example.com/x [](https://example.com/y)")));
      assertThat(c).hasSize(4);
      assertThat(c.get(0).label()).isEqualTo(SentimentLabel.POSITIVE);
      assertThat(c.get(0).score()).isGreaterThan(0.4);
      assertThat(c.get(1).label()).isEqualTo(SentimentLabel.NEGATIVE);
      assertThat(c.get(1).score()).isLessThan(-0.4);
      assertThat(c.get(2).label()).isEqualTo(SentimentLabel.POSITIVE);
      assertThat(c.get(3).label()).isEqualTo(SentimentLabel.NEUTRAL);
      assertThat(c.get(3).confidence()).isZero();
      assertThat(c).allMatch(x -> x.modelVersion().equals(factory.modelVersion()) && !x.fallback());
    }
  }

  static SocialPost post(String id, String title, String body) {
    return new SocialPost(
        id, "reddit", "stocks", "someone", 1_700_000_000_000L, title, body, new String[] {"AAPL"});
  }
}
