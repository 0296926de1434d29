package org.apache.flink.metrics.prometheus;

import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/**
 * Flink's Prometheus reporter, serving on one address instead of every interface: Flink's own binds
 * the wildcard address and has no option for a host. The local stack uses this one on 127.0.0.1, so
 * its metrics are not reachable from the network. It lives in Flink's package because the
 * reporter's registry is package-private there; it is used only where Flink and this class share a
 * class loader (the local stack's in-process cluster), never as a cluster plugin.
 */
public final class LoopbackPrometheusReporter extends AbstractPrometheusReporter {

  private final HTTPServer server;

  LoopbackPrometheusReporter(String host, int port) {
    try {
      server = new HTTPServer(new InetSocketAddress(host, port), registry);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not serve Prometheus metrics on " + host + ":" + port, e);
    }
    log.info("Prometheus metrics on http://{}:{}/metrics", host, port);
  }

  @Override
  public void close() {
    server.stop();
    super.close();
  }
}
