package io.github.flinktrader.features.job;

import io.github.flinktrader.features.SentimentSnapshot;
import java.util.Arrays;

/**
 * One symbol's sentiment per minute over the last hour: a ring of 60 minute slots, each stamped
 * with the minute it holds, so old minutes are simply overwritten and no cleanup timers are needed.
 * One state value per symbol, read once per bar.
 */
public record SentimentWindow(
    long[] minute, long[] bullish, long[] bearish, long[] neutral, double[] scoreSum) {

  static final int SLOTS = 60;
  static final long MINUTE = 60_000L;

  static SentimentWindow empty() {
    long[] stamps = new long[SLOTS];
    Arrays.fill(stamps, Long.MIN_VALUE);
    return new SentimentWindow(
        stamps, new long[SLOTS], new long[SLOTS], new long[SLOTS], new double[SLOTS]);
  }

  /** Adds a minute's counts and score sum to its slot; the arrays are updated in place. */
  void add(long minuteStart, long bull, long bear, long neu, double sum) {
    int i = (int) Math.floorMod(minuteStart / MINUTE, (long) SLOTS);
    if (minute[i] != minuteStart) {
      minute[i] = minuteStart;
      bullish[i] = 0;
      bearish[i] = 0;
      neutral[i] = 0;
      scoreSum[i] = 0;
    }
    bullish[i] += bull;
    bearish[i] += bear;
    neutral[i] += neu;
    scoreSum[i] += sum;
  }

  /** The hour and quarter hour before {@code end}. */
  SentimentSnapshot snapshot(long end, long lookback, long recent) {
    long bull = 0;
    long bear = 0;
    long neu = 0;
    double sum60 = 0;
    double sum15 = 0;
    long n15 = 0;
    for (int i = 0; i < SLOTS; i++) {
      long m = minute[i];
      if (m < end - lookback || m >= end) {
        continue;
      }
      bull += bullish[i];
      bear += bearish[i];
      neu += neutral[i];
      sum60 += scoreSum[i];
      if (m >= end - recent) {
        sum15 += scoreSum[i];
        n15 += bullish[i] + bearish[i] + neutral[i];
      }
    }
    long n60 = bull + bear + neu;
    double mean60 = n60 == 0 ? 0 : sum60 / n60;
    return new SentimentSnapshot(bull, bear, neu, mean60, n15 == 0 ? mean60 : sum15 / n15);
  }

  /** The newest minute held, or {@link Long#MIN_VALUE} when empty. */
  long newestMinute() {
    long max = Long.MIN_VALUE;
    for (long m : minute) {
      max = Math.max(max, m);
    }
    return max;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SentimentWindow w
        && Arrays.equals(minute, w.minute)
        && Arrays.equals(bullish, w.bullish)
        && Arrays.equals(bearish, w.bearish)
        && Arrays.equals(neutral, w.neutral)
        && Arrays.equals(scoreSum, w.scoreSum);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(minute);
  }
}
