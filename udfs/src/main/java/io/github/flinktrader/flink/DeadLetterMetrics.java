package io.github.flinktrader.flink;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * One counter per dead-letter reason, {@code deadLetters.<reason>}, created on first use: what
 * every operator that refuses input exports, so each reason can be graphed and alerted on.
 */
public final class DeadLetterMetrics {

  private final MetricGroup group;
  private final Map<String, Counter> counters = new HashMap<>();

  public DeadLetterMetrics(MetricGroup operatorGroup) {
    this.group = operatorGroup.addGroup("deadLetters");
  }

  public void inc(String reason) {
    counters.computeIfAbsent(reason, group::counter).inc();
  }
}
