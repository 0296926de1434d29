package io.github.flinktrader.ingest.polygon;

import io.github.flinktrader.flink.DeadLetterMetrics;
import io.github.flinktrader.http.ApiException;
import io.github.flinktrader.http.ApiPolicy;
import io.github.flinktrader.http.ResilientHttp;
import io.github.flinktrader.http.Secrets;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.serde.ParseEvents;
import java.net.URI;
import java.time.LocalDate;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REST backfill inside a Flink job: each request ({@code TICKER:FROM:TO}, dates inclusive) is
 * fetched page by page and its bars emitted. On a restart the requests after the last checkpoint
 * run again; what they emitted before was never committed to Kafka, so nothing is doubled. A range
 * that cannot be fetched becomes a {@code backfill-failed} dead letter naming it, so it can be
 * requested again.
 */
public final class PolygonBackfill extends ProcessFunction<String, MinuteBar> {

  private static final long serialVersionUID = 1L;

  private static final Logger LOG = LoggerFactory.getLogger(PolygonBackfill.class);

  private final URI restUrl;
  private final ApiPolicy policy;
  private final int limit;
  private final Map<String, String> secretEnv;
  private transient PolygonRest rest;
  private transient DeadLetterMetrics deadLetterMetrics;

  public PolygonBackfill(URI restUrl, ApiPolicy policy, int limit, Map<String, String> secretEnv) {
    this.restUrl = restUrl;
    this.policy = policy;
    this.limit = limit;
    this.secretEnv = secretEnv;
  }

  /** {@code TICKER:FROM:TO} as a backfill request. */
  public static String request(String ticker, LocalDate from, LocalDate to) {
    return ticker + ":" + from + ":" + to;
  }

  @Override
  public void open(OpenContext ctx) {
    Secrets secrets = secretEnv == null ? Secrets.fromEnvironment() : new Secrets(secretEnv);
    rest =
        new PolygonRest(
            restUrl, secrets.require("POLYGON_API_KEY"), new ResilientHttp(policy), limit);
  }

  @Override
  public void processElement(String request, Context ctx, Collector<MinuteBar> out) {
    String[] p = request.split(":");
    try {
      if (p.length != 3) {
        throw new IllegalArgumentException("expected TICKER:FROM:TO");
      }
      PolygonRest.Result r =
          rest.minuteBars(
              p[0],
              LocalDate.parse(p[1]),
              LocalDate.parse(p[2]),
              out::collect,
              dead -> {
                deadLetterMetrics.inc(dead.reason());
                ctx.output(ParseEvents.DEAD_LETTERS, dead);
              });
      LOG.info(
          "polygon backfill {}: {} pages, {} bars, {} rejected",
          request,
          r.pages(),
          r.bars(),
          r.rejected());
    } catch (ApiException | IllegalArgumentException | java.time.DateTimeException e) {
      deadLetterMetrics.inc("backfill-failed");
      ctx.output(
          ParseEvents.DEAD_LETTERS,
          new DeadLetter(
              "ingest.polygon-backfill",
              "polygon:aggs",
              -1,
              -1,
              ctx.timerService().currentProcessingTime(),
              "backfill-failed",
              e.getMessage(),
              request));
    }
  }
}
