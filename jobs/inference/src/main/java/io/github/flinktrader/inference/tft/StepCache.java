package io.github.flinktrader.inference.tft;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The encoder's variable selection per symbol and bar, kept by one model instance (one worker
 * thread) so each bar is selected once rather than once per window it appears in. An entry is used
 * only when the step's inputs are exactly the ones it was computed from (a corrected bar is
 * selected again). Bounded: per symbol, bars older than the newest window are dropped; across
 * symbols, the least recently used symbol goes first beyond {@code maxSymbols}.
 */
final class StepCache {

  /** One bar's inputs and what the selection made of them. */
  record Step(float[] inputs, float[] mixed, float[] weights) {}

  private final int maxSymbols;
  private final Map<String, TreeMap<Long, Step>> bySymbol;
  private long hits;
  private long misses;

  StepCache(int maxSymbols) {
    this.maxSymbols = maxSymbols;
    this.bySymbol =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, TreeMap<Long, Step>> eldest) {
            return size() > StepCache.this.maxSymbols;
          }
        };
  }

  /** The cached selection of {@code symbol}'s bar ending at {@code barEnd}, or null. */
  Step get(String symbol, long barEnd, float[] inputs, int from, int length) {
    TreeMap<Long, Step> steps = bySymbol.get(symbol);
    Step s = steps == null ? null : steps.get(barEnd);
    if (s != null && Arrays.equals(s.inputs(), 0, length, inputs, from, from + length)) {
      hits++;
      return s;
    }
    misses++;
    return null;
  }

  void put(String symbol, long barEnd, Step step) {
    bySymbol.computeIfAbsent(symbol, k -> new TreeMap<>()).put(barEnd, step);
  }

  /** Drops {@code symbol}'s bars before {@code firstBarEnd} (no longer in any window). */
  void trim(String symbol, long firstBarEnd) {
    TreeMap<Long, Step> steps = bySymbol.get(symbol);
    if (steps != null) {
      Iterator<Long> older = steps.headMap(firstBarEnd, false).keySet().iterator();
      while (older.hasNext()) {
        older.next();
        older.remove();
      }
    }
  }

  long hits() {
    return hits;
  }

  long misses() {
    return misses;
  }

  int symbols() {
    return bySymbol.size();
  }
}
