package io.github.flinktrader.offline.data;

import io.github.flinktrader.flink.Topics;
import io.github.flinktrader.records.DeadLetter;
import io.github.flinktrader.records.MinuteBar;
import io.github.flinktrader.serde.Json;
import io.github.flinktrader.serde.WireFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Imports Polygon's minute-aggregate flat files ({@code minute_aggs_v1}, gzip CSV with the columns
 * {@code ticker,volume,open,close,high,low,window_start,transactions}, {@code window_start} in
 * nanoseconds, volume possibly fractional) into the minute-bar topic, where the features job reads
 * them like bars from the ingest job. Every line that is not a valid bar goes to the dead-letter
 * topic with its reason and line number: {@code unreadable-line}, {@code invalid-minutebar} (the
 * bar's own checks: positive prices, high and low bounding open and close, ...), {@code
 * duplicate-bar} (same ticker and minute twice in the file).
 */
public final class PolygonFlatFile {

  static final String HEADER = "ticker,volume,open,close,high,low,window_start,transactions";
  static final long MINUTE_NANOS = 60_000_000_000L;

  /** What an import did. */
  public record Result(long bars, long deadLettered, long skipped) {}

  private final Producer<byte[], byte[]> producer;
  private final Predicate<String> tickers;

  /**
   * @param tickers which tickers to import (the files hold the whole market)
   */
  public PolygonFlatFile(Producer<byte[], byte[]> producer, Predicate<String> tickers) {
    this.producer = producer;
    this.tickers = tickers;
  }

  public Result importGzip(InputStream gzip, String fileName) throws IOException {
    return importCsv(new GZIPInputStream(gzip), fileName);
  }

  public Result importCsv(InputStream csv, String fileName) throws IOException {
    long bars = 0;
    long dead = 0;
    long skipped = 0;
    Set<String> seen = new HashSet<>();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8))) {
      String line;
      long lineNo = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (lineNo == 1 && line.trim().equals(HEADER)) {
          continue;
        }
        if (line.isBlank()) {
          continue;
        }
        String ticker = line.substring(0, Math.max(0, line.indexOf(','))).trim();
        if (!ticker.isEmpty() && !tickers.test(ticker)) {
          skipped++;
          continue;
        }
        MinuteBar bar;
        try {
          bar = parse(line);
        } catch (RuntimeException e) {
          producer.send(
              deadLetter(
                  fileName, lineNo, line, "unreadable-line", String.valueOf(e.getMessage())));
          dead++;
          continue;
        }
        Optional<String> violation = bar.violation();
        if (violation.isPresent()) {
          producer.send(deadLetter(fileName, lineNo, line, "invalid-minutebar", violation.get()));
          dead++;
          continue;
        }
        if (!seen.add(bar.symbol() + "@" + bar.start())) {
          producer.send(
              deadLetter(
                  fileName,
                  lineNo,
                  line,
                  "duplicate-bar",
                  "a bar for this ticker and minute came earlier in the file"));
          dead++;
          continue;
        }
        producer.send(
            new ProducerRecord<>(
                Topics.BARS_1M,
                null,
                bar.eventTime(),
                bar.key().getBytes(StandardCharsets.UTF_8),
                WireFormat.write(bar)));
        bars++;
      }
    }
    producer.flush();
    return new Result(bars, dead, skipped);
  }

  /** Bars read from files for offline use (training), and the lines that were not bars. */
  public record Bars(
      Map<String, List<MinuteBar>> bySymbol,
      Map<String, Long> refusedByReason,
      long intervalMillis) {}

  /**
   * Reads bars in the flat-file format from CSV or gzip'd CSV, for offline use such as training.
   * The bar interval is inferred from the timestamps (the most common step between consecutive bars
   * of a ticker), so files of other intervals than one minute are read too; each bar's end is its
   * start plus that interval. Lines that are not bars are counted by reason, never silently
   * skipped; a ticker and window seen twice keeps the first.
   */
  public static Bars readBars(List<InputStream> files, Predicate<String> tickers)
      throws IOException {
    Map<String, java.util.TreeMap<Long, String[]>> rows = new java.util.TreeMap<>();
    Map<String, Long> refused = new java.util.TreeMap<>();
    for (InputStream raw : files) {
      java.io.BufferedInputStream in = new java.io.BufferedInputStream(raw);
      in.mark(2);
      int b1 = in.read();
      int b2 = in.read();
      in.reset();
      InputStream csv = b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in) : in;
      BufferedReader reader =
          new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.trim().equals(HEADER)) {
          continue;
        }
        String[] c = line.split(",", -1);
        if (c.length != 8) {
          refused.merge("unreadable-line", 1L, Long::sum);
          continue;
        }
        String ticker = c[0].trim();
        if (!tickers.test(ticker)) {
          continue;
        }
        try {
          long startNanos = Long.parseLong(c[6].trim());
          if (rows.computeIfAbsent(ticker, t -> new java.util.TreeMap<>())
                  .putIfAbsent(startNanos / 1_000_000L, c)
              != null) {
            refused.merge("duplicate-bar", 1L, Long::sum);
          }
        } catch (NumberFormatException e) {
          refused.merge("unreadable-line", 1L, Long::sum);
        }
      }
    }
    Map<Long, Long> steps = new java.util.HashMap<>();
    for (var byStart : rows.values()) {
      Long prev = null;
      for (long start : byStart.keySet()) {
        if (prev != null) {
          steps.merge(start - prev, 1L, Long::sum);
        }
        prev = start;
      }
    }
    long interval =
        steps.entrySet().stream()
            .max(Map.Entry.comparingByValue())
            .map(Map.Entry::getKey)
            .orElse(60_000L);
    Map<String, List<MinuteBar>> bars = new java.util.TreeMap<>();
    for (var e : rows.entrySet()) {
      List<MinuteBar> list = new java.util.ArrayList<>();
      for (var row : e.getValue().entrySet()) {
        String[] c = row.getValue();
        try {
          MinuteBar bar =
              new MinuteBar(
                  e.getKey(),
                  row.getKey(),
                  row.getKey() + interval,
                  new BigDecimal(c[2].trim()),
                  new BigDecimal(c[4].trim()),
                  new BigDecimal(c[5].trim()),
                  new BigDecimal(c[3].trim()),
                  new BigDecimal(c[1].trim()),
                  null,
                  Integer.parseInt(c[7].trim()));
          Optional<String> violation = bar.violation();
          if (violation.isPresent()) {
            refused.merge("invalid-minutebar", 1L, Long::sum);
          } else {
            list.add(bar);
          }
        } catch (RuntimeException ex) {
          refused.merge("unreadable-line", 1L, Long::sum);
        }
      }
      bars.put(e.getKey(), list);
    }
    return new Bars(bars, refused, interval);
  }

  /** One line as a minute bar; the VWAP is not in the file and stays unset. */
  static MinuteBar parse(String line) {
    String[] c = line.split(",", -1);
    if (c.length != 8) {
      throw new IllegalArgumentException("expected 8 columns, found " + c.length);
    }
    long startNanos = Long.parseLong(c[6].trim());
    if (startNanos % MINUTE_NANOS != 0) {
      throw new IllegalArgumentException("window_start " + startNanos + " ns is not on a minute");
    }
    long start = startNanos / 1_000_000L;
    return new MinuteBar(
        c[0].trim(),
        start,
        start + 60_000L,
        new BigDecimal(c[2].trim()),
        new BigDecimal(c[4].trim()),
        new BigDecimal(c[5].trim()),
        new BigDecimal(c[3].trim()),
        new BigDecimal(c[1].trim()),
        null,
        Integer.parseInt(c[7].trim()));
  }

  private static ProducerRecord<byte[], byte[]> deadLetter(
      String file, long lineNo, String line, String reason, String detail) {
    DeadLetter d =
        new DeadLetter("ingest.polygon-flat-file", file, -1, lineNo, 0L, reason, detail, line);
    return new ProducerRecord<>(
        Topics.DEAD_LETTERS,
        null,
        d.eventTime(),
        d.key().getBytes(StandardCharsets.UTF_8),
        Json.write(d));
  }
}
