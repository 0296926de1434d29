package io.github.flinktrader.inference.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.github.flinktrader.records.SentimentLabel;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LexiconAndClassificationTest {

  final Lexicon lexicon =
      new Lexicon(Map.of("gain", 2.0, "loss", -3.0, "bad luck", -2.0, "bad", -3.0, "🚀", 2.5));

  @Test
  void termsPhrasesNegationsAndEmojiAreScored() {
    assertThat(lexicon.score("A gain, then a LOSS.")).isEqualTo(new Lexicon.Score(-1, 1, 1));
    // the phrase wins over its first word
    assertThat(lexicon.score("just bad luck")).isEqualTo(new Lexicon.Score(-2, 0, 1));
    // a negation within two words flips the sign and halves: -(0.5 * -3)
    assertThat(lexicon.score("it's not a loss")).isEqualTo(new Lexicon.Score(1.5, 1, 0));
    assertThat(lexicon.score("don't see a gain").sum()).isEqualTo(-1);
    assertThat(lexicon.score("to the moon 🚀🚀").sum()).isEqualTo(5);
    assertThat(lexicon.score("nothing here")).isEqualTo(new Lexicon.Score(0, 0, 0));
  }

  @Test
  void thresholdTurnsUnsureAnswersNeutral() {
    Classification sure = Classification.of(0.2, 0, 0.8, 0.7, "m/1");
    assertThat(sure.label()).isEqualTo(SentimentLabel.POSITIVE);
    assertThat(sure.confidence()).isEqualTo(0.8);
    assertThat(sure.score()).isCloseTo(0.6, offset(1e-12));
    Classification unsure = Classification.of(0.35, 0, 0.65, 0.7, "m/1");
    assertThat(unsure.label()).isEqualTo(SentimentLabel.NEUTRAL);
    assertThat(unsure.score()).isCloseTo(0.3, offset(1e-12)); // the lean is kept in the score
    assertThat(Classification.of(0.7, 0.1, 0.2, 0.7, "m/1").label())
        .isEqualTo(SentimentLabel.NEGATIVE);
    assertThat(Classification.of(0.1, 0.8, 0.1, 0.7, "m/1").label())
        .isEqualTo(SentimentLabel.NEUTRAL);
    assertThat(Classification.fallback("m/1").fallback()).isTrue();
  }
}
