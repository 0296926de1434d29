package io.github.flinktrader.serde;

import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.Event;
import java.nio.charset.StandardCharsets;

/** Dead letters for records an operator refuses after parsing: the record kept as its JSON. */
public final class DeadLetters {

  private DeadLetters() {}

  /**
   * @param time the dead letter's time (usually the record's event time; never in the future, which
   *     brokers refuse)
   */
  public static DeadLetter refused(
      String stage, long time, String reason, String detail, Event record) {
    return new DeadLetter(
        stage,
        null,
        -1,
        -1,
        time,
        reason,
        detail,
        new String(Json.write(record), StandardCharsets.UTF_8));
  }
}
