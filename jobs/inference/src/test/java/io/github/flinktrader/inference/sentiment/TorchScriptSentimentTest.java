package io.github.flinktrader.inference.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinktrader.records.SentimentLabel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The plug-in path for a user's TorchScript classifier, with the tiny fixture that {@code
 * scripts/tiny_sentiment_fixture.py} regenerates (FinBERT's class order: positive, negative,
 * neutral).
 */
class TorchScriptSentimentTest {

  static final Path DIR = Path.of("src/test/resources/sentiment/tiny");

  static TorchScriptSentiment.Factory factory(String labels) {
    return new TorchScriptSentiment.Factory(
        DIR.resolve("model.pt").toString(),
        DIR.resolve("tokenizer.json").toString(),
        labels,
        "tiny/1",
        Classification.THRESHOLD,
        8);
  }

  @Test
  void aTorchScriptModelAndItsTokenizerAreServedByConfigurationAlone() throws Exception {
    try (SentimentModel model = factory("positive,negative,neutral").create("cpu")) {
      List<Classification> c =
          model.classify(List.of("great gains", "terrible crash", "the stock is", "great crash"));
      assertThat(c.get(0).label()).isEqualTo(SentimentLabel.POSITIVE);
      // logits (4, 0, 0): softmax gives e^4 / (e^4 + 2)
      double p = Math.exp(4) / (Math.exp(4) + 2);
      assertThat(c.get(0).confidence()).isCloseTo(p, org.assertj.core.data.Offset.offset(1e-5));
      assertThat(c.get(0).score())
          .isCloseTo(p - 1 / (Math.exp(4) + 2), org.assertj.core.data.Offset.offset(1e-5));
      assertThat(c.get(1).label()).isEqualTo(SentimentLabel.NEGATIVE);
      assertThat(c.get(2).label()).isEqualTo(SentimentLabel.NEUTRAL);
      assertThat(c.get(2).confidence()).isGreaterThan(0.4);
      // equal pull both ways: positive and negative tie below the threshold, so neutral
      assertThat(c.get(3).label()).isEqualTo(SentimentLabel.NEUTRAL);
      assertThat(c.get(3).score()).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(c).allMatch(x -> x.modelVersion().equals("tiny/1"));
    }
  }

  @Test
  void theClassOrderComesFromConfiguration() throws Exception {
    // The same outputs read in another order: what was positive is now negative.
    try (SentimentModel model = factory("negative,positive,neutral").create("cpu")) {
      assertThat(model.classify(List.of("great gains")).get(0).label())
          .isEqualTo(SentimentLabel.NEGATIVE);
    }
  }

  @Test
  void longPostsAreSplitAtTheConfiguredInputLength() throws Exception {
    try (SentimentModel model = factory("positive,negative,neutral").create("cpu")) {
      // 8 tokens per piece: the bullish sentence and the neutral filler are scored apart.
      List<Classification> c =
          model.predict(
              List.of(
                  new io.github.flinktrader.records.SocialPost(
                      "t3_x",
                      "reddit",
                      "stocks",
                      "someone",
                      1_700_000_000_000L,
                      "great gains bullish moon beat",
                      "the stock is today. the stock is today.",
                      new String[] {"AAPL"})));
      assertThat(c.get(0).label()).isEqualTo(SentimentLabel.POSITIVE);
    }
  }

  @Test
  void misconfigurationIsAClearError() throws Exception {
    // Two classes named for a model that gives three: found on the first prediction.
    try (SentimentModel model = factory("positive,negative").create("cpu")) {
      assertThatThrownBy(() -> model.classify(List.of("great")))
          .hasMessageContaining("model gives 3 classes, --sentiment-labels names 2");
    }
    assertThatThrownBy(() -> factory("positive,positive,negative"))
        .hasMessageContaining("each once");
    assertThatThrownBy(() -> factory("positive,bad,neutral")).hasMessageContaining("class 'bad'");
    assertThatThrownBy(
            () ->
                new TorchScriptSentiment.Factory(
                    "no/such/model.pt",
                    DIR.resolve("tokenizer.json").toString(),
                    "negative,positive",
                    "x",
                    0.7,
                    8))
        .hasMessageContaining("no such file");
  }
}
