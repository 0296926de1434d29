package io.github.flinktrader.features.job;

import java.util.Arrays;

/**
 * One symbol's minute bars as they arrive: the end of the newest bar accepted (a bar not newer is
 * refused), and the ends of the bars waiting for the watermark, as runs of consecutive minutes (a
 * liquid symbol's waiting bars are one run however many there are). Read and written once per bar;
 * the bars themselves wait in a map by their end, so releasing a bar costs a lookup and a delete
 * whatever else waits, however far one source partition runs ahead of another.
 *
 * @param latestEnd end of the newest bar accepted, {@link #NONE} before the first
 * @param runs the waiting bars' ends, oldest first, as pairs {@code first, last} of runs whose ends
 *     are one minute apart; empty when none waits
 */
public record Arrivals(long latestEnd, long[] runs) {

  static final long NONE = Long.MIN_VALUE;

  static final Arrivals EMPTY = new Arrivals(NONE, new long[0]);

  boolean waiting() {
    return runs.length > 0;
  }

  /** The event time of the oldest waiting bar: the time of the symbol's one bar timer. */
  long oldestWaitingTime() {
    return runs[0] - 1;
  }

  /** These arrivals with a newer bar ending at {@code end} accepted and waiting. */
  Arrivals accept(long end) {
    int n = runs.length;
    if (n > 0 && runs[n - 1] + RollingFeatures.MINUTE == end) {
      long[] extended = runs.clone();
      extended[n - 1] = end;
      return new Arrivals(end, extended);
    }
    long[] added = Arrays.copyOf(runs, n + 2);
    added[n] = end;
    added[n + 1] = end;
    return new Arrivals(end, added);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Arrivals a && latestEnd == a.latestEnd && Arrays.equals(runs, a.runs);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(latestEnd) * 31 + Arrays.hashCode(runs);
  }

  @Override
  public String toString() {
    return "Arrivals[latestEnd=" + latestEnd + ", runs=" + Arrays.toString(runs) + "]";
  }
}
