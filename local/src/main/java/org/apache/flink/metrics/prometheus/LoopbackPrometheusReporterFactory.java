package org.apache.flink.metrics.prometheus;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Creates a {@link LoopbackPrometheusReporter}: {@code metrics.reporter.<name>.host} (default
 * 127.0.0.1) and {@code .port} (default 9249).
 */
public final class LoopbackPrometheusReporterFactory implements MetricReporterFactory {

  @Override
  public MetricReporter createMetricReporter(Properties p) {
    return new LoopbackPrometheusReporter(
        p.getProperty("host", "127.0.0.1"), Integer.parseInt(p.getProperty("port", "9249")));
  }
}
