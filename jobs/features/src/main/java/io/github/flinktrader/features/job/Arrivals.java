package io.github.flinktrader.features.job;

/**
 * One symbol's minute bars as they arrive: the end of the newest bar accepted (a bar not newer is
 * refused), and the event time of the oldest bar still waiting for the watermark, the one timer the
 * symbol's waiting bars need. Eight bytes twice, read and written once per bar; the bars themselves
 * wait in a list state that is only appended to until the watermark passes them.
 *
 * @param latestEnd end of the newest bar accepted, {@link #NONE} before the first
 * @param oldestWaiting event time of the oldest bar waiting, {@link #NONE} when none waits
 */
public record Arrivals(long latestEnd, long oldestWaiting) {

  static final long NONE = Long.MIN_VALUE;

  static final Arrivals EMPTY = new Arrivals(NONE, NONE);

  boolean waiting() {
    return oldestWaiting != NONE;
  }
}
