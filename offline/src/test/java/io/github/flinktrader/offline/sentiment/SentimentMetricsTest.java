package io.github.flinktrader.offline.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.github.flinktrader.inference.sentiment.Lexicon;
import io.github.flinktrader.records.SentimentLabel;
import org.junit.jupiter.api.Test;

/** The training side of sentiment: the real lexicon from the text data, and the metrics. */
class SentimentMetricsTest {

  @Test
  void theRealFinancialLexiconLoads() throws Exception {
    Lexicon real = Lexicon.fromTextData(TextData.dir());
    assertThat(real.size()).isGreaterThan(3500);
    assertThat(real.score("shares surged on record profits").sum()).isPositive();
    assertThat(real.score("the company filed for bankruptcy after the fraud").sum()).isNegative();
  }

  @Test
  void metricsOnAHandComputedExample() {
    // gold:      +  +  +  -  -  -
    // predicted: +  +  -  -  0  +
    boolean[] gold = {true, true, true, false, false, false};
    SentimentLabel P = SentimentLabel.POSITIVE;
    SentimentLabel N = SentimentLabel.NEGATIVE;
    SentimentMetrics m =
        SentimentMetrics.of(gold, new SentimentLabel[] {P, P, N, N, SentimentLabel.NEUTRAL, P});
    assertThat(m.accuracy()).isCloseTo(3 / 6.0, offset(1e-12));
    assertThat(m.neutralShare()).isCloseTo(1 / 6.0, offset(1e-12));
    // positive: precision 2/3, recall 2/3, F1 2/3; negative: precision 1/2, recall 1/3, F1 0.4
    assertThat(m.macroF1()).isCloseTo((2 / 3.0 + 0.4) / 2, offset(1e-12));
    // Wilson interval of 3/6 at 95%: 0.188 to 0.812
    assertThat(m.low()).isCloseTo(0.1876, offset(1e-3));
    assertThat(m.high()).isCloseTo(0.8124, offset(1e-3));
  }
}
