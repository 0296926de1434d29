package io.github.flinktrader.ingest;

import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.Trade;
import io.github.flinktrader.serde.Json;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.MapFunction;

/** A trade that arrived after its minute was closed is kept as a dead letter, not dropped. */
final class LateTradeToDeadLetter implements MapFunction<Trade, DeadLetter> {

  private static final long serialVersionUID = 1L;

  @Override
  public DeadLetter map(Trade t) {
    return new DeadLetter(
        IngestUids.MINUTE_BARS,
        null,
        -1,
        -1,
        t.timestamp(),
        "late-trade",
        "trade " + t.tradeId() + " arrived after its minute bar was emitted",
        new String(Json.write(t), StandardCharsets.UTF_8));
  }
}
