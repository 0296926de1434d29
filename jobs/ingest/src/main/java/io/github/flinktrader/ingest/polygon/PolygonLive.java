package io.github.flinktrader.ingest.polygon;

import io.github.flinktrader.flink.DeadLetterMetrics;
import io.github.flinktrader.http.ApiException;
import io.github.flinktrader.http.ApiPolicy;
import io.github.flinktrader.http.ResilientHttp;
import io.github.flinktrader.http.Secrets;
import io.github.flinktrader.http.Secrets.Secret;
import io.github.flinktrader.ingest.polygon.PolygonStream.AuthFailed;
import io.github.flinktrader.ingest.polygon.PolygonStream.Reconnected;
import io.github.flinktrader.ingest.polygon.PolygonWire.Bar;
import io.github.flinktrader.ingest.polygon.PolygonWire.Print;
import io.github.flinktrader.ingest.polygon.PolygonWire.Rejected;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.records.Trade;
import io.github.flinktrader.serde.ParseEvents;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live Polygon feed inside a Flink job. A {@link PolygonStream} fills a bounded queue from its
 * own thread; each tick of the upstream tick source drains it on the task thread, so what is
 * emitted is part of the checkpoint that follows. Minute aggregates come out as bars, trades on
 * {@link #TRADES}, everything unusable on the dead letters.
 *
 * <p>A WebSocket cannot replay, so what was in flight when the connection dropped or the job failed
 * is fetched again over REST: after every reconnect, and after a restore from a checkpoint, each
 * minute-aggregate symbol is backfilled from the end of its last emitted bar. The bar deduplication
 * downstream drops what both paths delivered (as {@code duplicate-bar} dead letters). Runs with
 * parallelism 1: Polygon allows one connection per key.
 */
public final class PolygonLive extends ProcessFunction<Long, MinuteBar>
    implements CheckpointedFunction {

  private static final long serialVersionUID = 1L;

  private static final Logger LOG = LoggerFactory.getLogger(PolygonLive.class);

  public static final OutputTag<Trade> TRADES = new OutputTag<>("polygon-trades") {};

  static final String STAGE = "ingest.polygon-ws";

  /** How the live feed connects. */
  public record Settings(
      URI streamUrl,
      URI restUrl,
      List<String> channels,
      Duration silence,
      Duration initialBackoff,
      Duration maxBackoff,
      int queueCapacity,
      ApiPolicy restPolicy)
      implements Serializable {}

  private final Settings settings;
  private final Map<String, String> secretEnv;

  private transient BlockingQueue<Object> queue;
  private transient PolygonStream stream;
  private transient PolygonRest rest;

  /** The end of the last bar emitted for a symbol, kept in (union) operator state. */
  public record BarEnd(String symbol, long end) {}

  private transient Map<String, Long> lastBarEnd;
  private transient ListState<BarEnd> lastBarEndState;
  private transient boolean gapFillPending;
  private transient DeadLetterMetrics deadLetterMetrics;
  private transient Counter reconnects;
  private transient Counter gapFillBars;

  public PolygonLive(Settings settings, Map<String, String> secretEnv) {
    this.settings = settings;
    this.secretEnv = secretEnv;
  }

  @Override
  public void initializeState(FunctionInitializationContext ctx) throws Exception {
    lastBarEndState =
        ctx.getOperatorStateStore()
            .getUnionListState(
                new ListStateDescriptor<>("last-bar-ends", TypeInformation.of(BarEnd.class)));
    lastBarEnd = new HashMap<>();
    for (BarEnd e : lastBarEndState.get()) {
      lastBarEnd.merge(e.symbol(), e.end(), Math::max);
    }
    // Release 0.1.0 kept "symbol=end" strings under another name: read once, then dropped.
    ListState<String> legacy =
        ctx.getOperatorStateStore()
            .getUnionListState(new ListStateDescriptor<>("last-bar-end", Types.STRING));
    for (String entry : legacy.get()) {
      int eq = entry.lastIndexOf('=');
      lastBarEnd.merge(entry.substring(0, eq), Long.parseLong(entry.substring(eq + 1)), Math::max);
    }
    legacy.clear();
    gapFillPending = ctx.isRestored() && !lastBarEnd.isEmpty();
  }

  @Override
  public void snapshotState(FunctionSnapshotContext ctx) throws Exception {
    List<BarEnd> entries = new ArrayList<>();
    lastBarEnd.forEach((symbol, end) -> entries.add(new BarEnd(symbol, end)));
    lastBarEndState.update(entries);
  }

  @Override
  public void open(OpenContext ctx) {
    Secrets secrets = secretEnv == null ? Secrets.fromEnvironment() : new Secrets(secretEnv);
    Secret key = secrets.require("POLYGON_API_KEY");
    rest =
        new PolygonRest(
            settings.restUrl(),
            key,
            new ResilientHttp(settings.restPolicy()),
            PolygonRest.MAX_LIMIT);
    queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    deadLetterMetrics = new DeadLetterMetrics(getRuntimeContext().getMetricGroup());
    var metrics = getRuntimeContext().getMetricGroup().addGroup("polygon");
    reconnects = metrics.counter("reconnects");
    gapFillBars = metrics.counter("gapFillBars");
    metrics.gauge("queued", () -> queue.size());
    stream =
        new PolygonStream(
            settings.streamUrl(),
            key,
            settings.channels(),
            settings.silence(),
            settings.initialBackoff(),
            settings.maxBackoff(),
            queue);
    stream.start();
  }

  @Override
  public void processElement(Long tick, Context ctx, Collector<MinuteBar> out) {
    if (gapFillPending) {
      gapFillPending = false;
      fillGaps(ctx, out);
    }
    int budget = settings.queueCapacity();
    Object item;
    while (budget-- > 0 && (item = queue.poll()) != null) {
      if (item instanceof Bar b) {
        emit(b.bar(), out);
      } else if (item instanceof Print p) {
        ctx.output(TRADES, p.trade());
      } else if (item instanceof Rejected r) {
        ctx.output(ParseEvents.DEAD_LETTERS, deadLetter(ctx, r.reason(), r.detail(), r.payload()));
      } else if (item instanceof Reconnected) {
        reconnects.inc();
        fillGaps(ctx, out);
      } else if (item instanceof AuthFailed a) {
        throw new IllegalStateException("Polygon refused the API key: " + a.message());
      }
    }
  }

  private void emit(MinuteBar bar, Collector<MinuteBar> out) {
    lastBarEnd.merge(bar.symbol(), bar.end(), Math::max);
    out.collect(bar);
  }

  /** Bars each symbol may have missed, from the end of its last bar to now, over REST. */
  private void fillGaps(Context ctx, Collector<MinuteBar> out) {
    long now = ctx.timerService().currentProcessingTime();
    for (Map.Entry<String, Long> e : new HashMap<>(lastBarEnd).entrySet()) {
      String symbol = e.getKey();
      long from = e.getValue();
      try {
        PolygonRest.Result result =
            rest.minuteBars(
                symbol,
                day(from),
                day(now),
                bar -> {
                  if (bar.start() >= from) {
                    gapFillBars.inc();
                    emit(bar, out);
                  }
                },
                dead -> {
                  deadLetterMetrics.inc(dead.reason());
                  ctx.output(ParseEvents.DEAD_LETTERS, dead);
                });
        LOG.info(
            "polygon gap fill {}: {} bars from {}",
            symbol,
            result.bars(),
            Instant.ofEpochMilli(from));
      } catch (ApiException ex) {
        ctx.output(
            ParseEvents.DEAD_LETTERS,
            deadLetter(
                ctx,
                "gap-fill-failed",
                symbol + " from " + Instant.ofEpochMilli(from) + ": " + ex.getMessage(),
                ""));
      }
    }
  }

  private static LocalDate day(long millis) {
    return Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate();
  }

  private DeadLetter deadLetter(Context ctx, String reason, String detail, String payload) {
    deadLetterMetrics.inc(reason);
    return new DeadLetter(
        STAGE,
        "polygon:stream",
        -1,
        -1,
        ctx.timerService().currentProcessingTime(),
        reason,
        detail,
        payload);
  }

  @Override
  public void close() {
    if (stream != null) {
      stream.close();
    }
  }
}
