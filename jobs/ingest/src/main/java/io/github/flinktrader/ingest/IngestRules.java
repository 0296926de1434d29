package io.github.flinktrader.ingest;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * What the ingest job admits, beyond each record's own checks.
 *
 * @param historyStart nothing before this instant is real data for this deployment
 * @param maxClockSkew how far in the future (by the task manager's clock) an event time may be
 * @param symbols the instruments traded; empty means any
 */
public record IngestRules(Instant historyStart, Duration maxClockSkew, Set<String> symbols)
    implements Serializable {

  /** Anything from 2010 on, at most a minute ahead of the clock, any symbol. */
  public static IngestRules defaults() {
    return new IngestRules(Instant.parse("2010-01-01T00:00:00Z"), Duration.ofMinutes(1), Set.of());
  }
}
