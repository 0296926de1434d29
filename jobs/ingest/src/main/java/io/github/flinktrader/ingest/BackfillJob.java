package io.github.flinktrader.ingest;

import io.github.flinktrader.db.BarsTable;
import io.github.flinktrader.flink.JobIo;
import io.github.flinktrader.flink.JobSettings;
import io.github.flinktrader.flink.Pipelines;
import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.http.ApiPolicy;
import io.github.flinktrader.ingest.polygon.PolygonBackfill;
import io.github.flinktrader.ingest.polygon.PolygonRest;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.serde.ParseEvents;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * A bounded job that backfills Polygon minute aggregates for a list of tickers and a date range
 * into the minute-bar topic and table, through the same admission and deduplication as live data.
 * The range is split into one request per ticker and month, so a restart repeats little.
 *
 * <pre>
 * POLYGON_API_KEY=... flink run ingest-job.jar -c io.github.flinktrader.ingest.BackfillJob \
 *   --tickers AAPL,MSFT --from 2024-01-02 --to 2024-03-28 [--polygon-rest-url URL]
 *   [--polygon-requests-per-minute 5] [--limit 50000]
 * </pre>
 */
public final class BackfillJob {

  public static final String NAME = "ingest-backfill";

  /** What to fetch and from where. */
  public record Request(
      List<String> tickers,
      LocalDate from,
      LocalDate to,
      URI restUrl,
      ApiPolicy policy,
      int limit,
      IngestRules rules,
      Map<String, String> secretEnv) {}

  private BackfillJob() {}

  public static void main(String[] args) throws Exception {
    Request request = fromArgs(args);
    Pipelines.run(NAME, args, (env, settings) -> build(env, settings, request));
  }

  public static Request fromArgs(String[] args) {
    ParameterTool p = ParameterTool.fromArgs(args);
    return new Request(
        IngestSources.list(p.getRequired("tickers")),
        LocalDate.parse(p.getRequired("from")),
        LocalDate.parse(p.getRequired("to")),
        URI.create(p.get("polygon-rest-url", IngestSources.POLYGON_REST)),
        IngestSources.polygonPolicy(p.getInt("polygon-requests-per-minute", 300)),
        p.getInt("limit", PolygonRest.MAX_LIMIT),
        IngestSources.fromArgs(args).rules(),
        null);
  }

  /** One request string per ticker and calendar month of the range. */
  static List<String> requests(Request r) {
    List<String> out = new ArrayList<>();
    for (String ticker : r.tickers()) {
      LocalDate start = r.from();
      while (!start.isAfter(r.to())) {
        LocalDate monthEnd = start.withDayOfMonth(start.lengthOfMonth());
        LocalDate end = monthEnd.isBefore(r.to()) ? monthEnd : r.to();
        out.add(PolygonBackfill.request(ticker, start, end));
        start = end.plusDays(1);
      }
    }
    return out;
  }

  public static void build(StreamExecutionEnvironment env, JobSettings settings, Request r) {
    SingleOutputStreamOperator<MinuteBar> fetched =
        env.fromData(requests(r), Types.STRING)
            .uid(IngestUids.BACKFILL_REQUESTS)
            .name("backfill requests")
            .setParallelism(1)
            .rebalance()
            .process(new PolygonBackfill(r.restUrl(), r.policy(), r.limit(), r.secretEnv()))
            .uid(IngestUids.BACKFILL)
            .name("polygon REST backfill");
    SingleOutputStreamOperator<MinuteBar> admitted =
        fetched
            .process(new Admit<>(MinuteBar.class, IngestUids.ADMIT_BARS, r.rules(), true))
            .uid(IngestUids.ADMIT_BARS)
            .name("admit bars");
    SingleOutputStreamOperator<MinuteBar> unique =
        admitted
            .keyBy(MinuteBar::symbol)
            .process(new DedupeBars(IngestUids.DEDUPE_BARS))
            .uid(IngestUids.DEDUPE_BARS)
            .name("one bar per symbol and minute");
    DataStream<DeadLetter> dead =
        fetched
            .getSideOutput(ParseEvents.DEAD_LETTERS)
            .union(
                admitted.getSideOutput(ParseEvents.DEAD_LETTERS),
                unique.getSideOutput(ParseEvents.DEAD_LETTERS));
    JobIo.write(unique, settings, NAME, "bars", Topics.BARS_1M, new BarsTable());
    JobIo.writeDeadLetters(dead, settings, NAME);
  }
}
