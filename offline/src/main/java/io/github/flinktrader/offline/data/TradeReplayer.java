package io.github.flinktrader.offline.data;

import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.serde.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Replays historical trades from a CSV of {@code timestamp,price,amount} (epoch seconds, as in
 * Bitstamp's export) into the trades topic, as fast as possible or at N times real time. Each Kafka
 * record is timestamped with the trade's time. A line that cannot be read goes to the dead-letter
 * topic with its line number.
 */
public final class TradeReplayer {

  /** What a replay did. */
  public record Result(long sent, long deadLettered) {}

  private final Producer<byte[], byte[]> producer;
  private final String symbol;
  private final String source;
  private final double speed;

  /**
   * @param speed 0 for as fast as possible, otherwise the multiple of real time (60 replays a
   *     minute of trades per second)
   */
  public TradeReplayer(
      Producer<byte[], byte[]> producer, String symbol, String source, double speed) {
    if (speed < 0 || Double.isNaN(speed)) {
      throw new IllegalArgumentException("speed must be 0 (as fast as possible) or positive");
    }
    this.producer = producer;
    this.symbol = symbol;
    this.source = source;
    this.speed = speed;
  }

  public static Producer<byte[], byte[]> producer(String bootstrapServers) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private final java.util.List<ProducerRecord<byte[], byte[]>> companions =
      new java.util.ArrayList<>();

  /**
   * Records of other topics (e.g. social posts) to send in event-time order among the trades: each
   * just before the first trade at or after its timestamp; any left at the end, after the last.
   */
  public TradeReplayer alongside(java.util.List<ProducerRecord<byte[], byte[]>> records) {
    companions.addAll(records);
    companions.sort(java.util.Comparator.comparingLong(ProducerRecord::timestamp));
    return this;
  }

  /** Replays every line; {@code progress} hears the number of trades sent so far, now and then. */
  public Result replay(InputStream csv, LongConsumer progress)
      throws IOException, InterruptedException {
    long[] sent = {0};
    long[] dead = {0};
    long[] firstTradeMillis = {-1};
    long startNanos = System.nanoTime();
    int[] nextCompanion = {0};
    new TradeCsv(symbol, source)
        .read(
            csv,
            (lineNo, line, trade, reason, detail) -> {
              if (trade == null) {
                producer.send(deadLetter(line, lineNo, reason, detail));
                dead[0]++;
                return;
              }
              if (speed > 0) {
                if (firstTradeMillis[0] < 0) {
                  firstTradeMillis[0] = trade.timestamp();
                }
                long dueNanos =
                    (long) ((trade.timestamp() - firstTradeMillis[0]) * 1_000_000L / speed);
                long waitNanos = dueNanos - (System.nanoTime() - startNanos);
                if (waitNanos > 1_000_000) {
                  producer.flush();
                  Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
                }
              }
              while (nextCompanion[0] < companions.size()
                  && companions.get(nextCompanion[0]).timestamp() <= trade.timestamp()) {
                producer.send(companions.get(nextCompanion[0]++));
              }
              producer.send(
                  new ProducerRecord<>(
                      Topics.TRADES,
                      null,
                      trade.timestamp(),
                      trade.symbol().getBytes(StandardCharsets.UTF_8),
                      Json.write(trade)));
              sent[0]++;
              if (sent[0] % 5_000 == 0) {
                progress.accept(sent[0]);
              }
            });
    while (nextCompanion[0] < companions.size()) {
      producer.send(companions.get(nextCompanion[0]++));
    }
    producer.flush();
    progress.accept(sent[0]);
    return new Result(sent[0], dead[0]);
  }

  private ProducerRecord<byte[], byte[]> deadLetter(
      String line, long lineNo, String reason, String detail) {
    DeadLetter d =
        new DeadLetter(
            "ingest.replay", source, -1, lineNo, 0L, reason, String.valueOf(detail), line);
    return new ProducerRecord<>(
        Topics.DEAD_LETTERS,
        null,
        d.eventTime(),
        d.key().getBytes(StandardCharsets.UTF_8),
        Json.write(d));
  }
}
