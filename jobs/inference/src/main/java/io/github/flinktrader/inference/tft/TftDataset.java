package io.github.flinktrader.inference.tft;

import io.github.flinktrader.features.FeatureCalculator;
import io.github.flinktrader.features.FeatureSpecFile;
import io.github.flinktrader.features.FeatureState;
import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.MinuteBar;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.DoubleStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * TFT samples from minute bars, with the features computed by the same {@link FeatureCalculator}
 * the features job runs and normalised with the feature spec's stored statistics: a model never
 * sees features computed another way than the ones it will be served.
 *
 * <p>A sample is made at the close of every bar that has {@code contextLength} warm bars behind it
 * (itself included) and, for every horizon, a later bar closing at or within {@link #TOLERANCE} of
 * the horizon: the label is that bar's log return from the decision close, divided by the horizon's
 * scale. Encoder inputs per past bar: the normalised features, then the known inputs (calendar and
 * time offset); decoder inputs per horizon: the known inputs at the horizon.
 */
public final class TftDataset {

  /** Inputs known in advance, for past bars and for the horizons. */
  public static final List<String> KNOWN =
      List.of(
          "minute_of_day_sin",
          "minute_of_day_cos",
          "day_of_week_sin",
          "day_of_week_cos",
          "time_offset");

  /** How far past its horizon the label bar may close (gaps without trades). */
  static final double TOLERANCE = 0.1;

  /** Samples in flat arrays, row-major, ready to become tensors. */
  public record Samples(
      int size,
      int contextLength,
      int encoderInputs,
      int horizons,
      int symbolsCount,
      float[] symbols,
      float[] past,
      float[] future,
      float[] labels,
      long[] decisionTimes,
      double[] closes,
      String[] symbolOf) {

    /** The samples at {@code rows}, in that order. */
    public Samples select(int[] rows) {
      int k = KNOWN.size();
      float[] s = new float[rows.length * symbolsCount];
      float[] p = new float[rows.length * contextLength * encoderInputs];
      float[] f = new float[rows.length * horizons * k];
      float[] y = new float[rows.length * horizons];
      long[] t = new long[rows.length];
      double[] c = new double[rows.length];
      String[] sym = new String[rows.length];
      int pw = contextLength * encoderInputs;
      for (int i = 0; i < rows.length; i++) {
        int r = rows[i];
        System.arraycopy(symbols, r * symbolsCount, s, i * symbolsCount, symbolsCount);
        System.arraycopy(past, r * pw, p, i * pw, pw);
        System.arraycopy(future, r * horizons * k, f, i * horizons * k, horizons * k);
        System.arraycopy(labels, r * horizons, y, i * horizons, horizons);
        t[i] = decisionTimes[r];
        c[i] = closes[r];
        sym[i] = symbolOf[r];
      }
      return new Samples(
          rows.length, contextLength, encoderInputs, horizons, symbolsCount, s, p, f, y, t, c, sym);
    }

    /** These samples followed by {@code other}'s (same shapes), e.g. real and mirrored paths. */
    public Samples concat(Samples other) {
      if (other.contextLength != contextLength
          || other.encoderInputs != encoderInputs
          || other.horizons != horizons
          || other.symbolsCount != symbolsCount) {
        throw new IllegalArgumentException("samples of different shapes cannot be joined");
      }
      return new Samples(
          size + other.size,
          contextLength,
          encoderInputs,
          horizons,
          symbolsCount,
          join(symbols, other.symbols),
          join(past, other.past),
          join(future, other.future),
          join(labels, other.labels),
          LongStream.concat(Arrays.stream(decisionTimes), Arrays.stream(other.decisionTimes))
              .toArray(),
          DoubleStream.concat(Arrays.stream(closes), Arrays.stream(other.closes)).toArray(),
          Stream.concat(Arrays.stream(symbolOf), Arrays.stream(other.symbolOf))
              .toArray(String[]::new));
    }

    private static float[] join(float[] a, float[] b) {
      float[] out = Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, out, a.length, b.length);
      return out;
    }

    /** Rows whose decision time is in {@code [from, to)} and whose labels end before {@code to}. */
    public int[] rowsBetween(long from, long to, long maxHorizonMillis) {
      List<Integer> rows = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        if (decisionTimes[i] >= from && decisionTimes[i] + maxHorizonMillis <= to) {
          rows.add(i);
        }
      }
      return rows.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The same samples with labels divided by each horizon's scale. */
    public Samples scaled(double[] scales) {
      float[] y = labels.clone();
      for (int r = 0; r < size; r++) {
        for (int h = 0; h < horizons; h++) {
          y[r * horizons + h] = (float) (y[r * horizons + h] / scales[h]);
        }
      }
      return new Samples(
          size,
          contextLength,
          encoderInputs,
          horizons,
          symbolsCount,
          symbols,
          past,
          future,
          y,
          decisionTimes,
          closes,
          symbolOf);
    }

    /** The label of row {@code r} at horizon {@code h} as a log return. */
    public double logReturn(int r, int h, double[] scales) {
      return labels[r * horizons + h] * scales[h];
    }
  }

  private TftDataset() {}

  /**
   * @param labelScales per horizon, the log-return scale labels are divided by; {@code null} to
   *     leave labels as raw log returns
   */
  public static Samples build(
      Map<String, List<MinuteBar>> barsBySymbol,
      FeatureSpecFile spec,
      TftConfig config,
      double[] labelScales) {
    int l = config.contextLength();
    int[] horizons = config.horizonsMinutes();
    int h = horizons.length;
    int k = KNOWN.size();
    int features = spec.names().size();
    int v = features + k;
    if (v != config.encoderInputs()) {
      throw new IllegalArgumentException(
          "config expects " + config.encoderInputs() + " encoder inputs, the spec gives " + v);
    }
    long maxH = horizons[h - 1] * 60_000L;
    List<float[]> sym = new ArrayList<>();
    List<float[]> past = new ArrayList<>();
    List<float[]> future = new ArrayList<>();
    List<float[]> labels = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    List<Double> closes = new ArrayList<>();
    List<String> symbolOf = new ArrayList<>();
    for (Map.Entry<String, List<MinuteBar>> e : barsBySymbol.entrySet()) {
      int symbolIndex = config.symbols().indexOf(e.getKey());
      if (symbolIndex < 0) {
        throw new IllegalArgumentException(e.getKey() + " is not one of the model's symbols");
      }
      List<MinuteBar> bars = e.getValue();
      int n = bars.size();
      double[][] normalised = new double[n][];
      boolean[] warm = new boolean[n];
      FeatureState state = FeatureState.empty();
      for (int i = 0; i < n; i++) {
        FeatureCalculator.Step step = FeatureCalculator.update(state, bars.get(i));
        state = step.state();
        FeatureVector fv = step.features();
        warm[i] = fv.warm();
        normalised[i] = warm[i] ? finite(spec.normalize(fv.values())) : null;
      }
      int warmRun = 0;
      for (int i = 0; i < n; i++) {
        warmRun = warm[i] ? warmRun + 1 : 0;
        if (warmRun < l) {
          continue;
        }
        long decision = bars.get(i).end();
        double close = bars.get(i).close().doubleValue();
        float[] y = new float[h];
        int j = i + 1;
        boolean ok = true;
        for (int hi = 0; hi < h && ok; hi++) {
          long target = decision + horizons[hi] * 60_000L;
          while (j < n && bars.get(j).end() < target) {
            j++;
          }
          if (j >= n || bars.get(j).end() > target + (long) (TOLERANCE * horizons[hi] * 60_000L)) {
            ok = false;
            break;
          }
          double r = Math.log(bars.get(j).close().doubleValue() / close);
          y[hi] = (float) (labelScales == null ? r : r / labelScales[hi]);
        }
        if (!ok) {
          continue;
        }
        float[] s = new float[config.symbols().size()];
        s[symbolIndex] = 1f;
        float[] p = new float[l * v];
        for (int step = 0; step < l; step++) {
          int b = i - l + 1 + step;
          double[] x = normalised[b];
          for (int f = 0; f < features; f++) {
            p[step * v + f] = (float) x[f];
          }
          known(
              bars.get(b).end(),
              config.pastOffset(bars.get(b).end(), decision),
              p,
              step * v + features);
        }
        float[] fut = new float[h * k];
        for (int hi = 0; hi < h; hi++) {
          long at = decision + horizons[hi] * 60_000L;
          known(at, horizons[hi] * 60_000L / (double) maxH, fut, hi * k);
        }
        sym.add(s);
        past.add(p);
        future.add(fut);
        labels.add(y);
        times.add(decision);
        closes.add(close);
        symbolOf.add(e.getKey());
      }
    }
    // Sorted by decision time across symbols, so a time split is a range of rows.
    Integer[] order = new Integer[times.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(times.get(a), times.get(b)));
    int size = order.length;
    float[] s = new float[size * config.symbols().size()];
    float[] p = new float[size * l * v];
    float[] f = new float[size * h * k];
    float[] y = new float[size * h];
    long[] t = new long[size];
    double[] c = new double[size];
    String[] so = new String[size];
    for (int i = 0; i < size; i++) {
      int r = order[i];
      System.arraycopy(sym.get(r), 0, s, i * config.symbols().size(), config.symbols().size());
      System.arraycopy(past.get(r), 0, p, i * l * v, l * v);
      System.arraycopy(future.get(r), 0, f, i * h * k, h * k);
      System.arraycopy(labels.get(r), 0, y, i * h, h);
      t[i] = times.get(r);
      c[i] = closes.get(r);
      so[i] = symbolOf.get(r);
    }
    return new Samples(size, l, v, h, config.symbols().size(), s, p, f, y, t, c, so);
  }

  /**
   * Each symbol's bars with the price path mirrored: every price p becomes K / p with K the square
   * of the symbol's first close, so the log price is reflected about its start (every log return
   * changes sign, highs become lows, volatility and volume stay). Trained on beside the real path,
   * the model sees every rise matched by a fall of the same shape, so it cannot learn the training
   * range's drift as if it would continue: the random walk's zero drift becomes its prior, and only
   * patterns that hold both ways (volatility, mean reversion, the clock) remain to learn. The
   * features of the mirrored bars come from the same {@link FeatureCalculator}.
   */
  public static Map<String, List<MinuteBar>> mirrored(Map<String, List<MinuteBar>> barsBySymbol) {
    Map<String, List<MinuteBar>> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<MinuteBar>> e : barsBySymbol.entrySet()) {
      List<MinuteBar> bars = e.getValue();
      if (bars.isEmpty()) {
        out.put(e.getKey(), List.of());
        continue;
      }
      BigDecimal first = bars.get(0).close();
      BigDecimal k = first.multiply(first);
      List<MinuteBar> m = new ArrayList<>(bars.size());
      for (MinuteBar b : bars) {
        m.add(
            new MinuteBar(
                b.symbol(),
                b.start(),
                b.end(),
                reflect(k, b.open()),
                reflect(k, b.low()),
                reflect(k, b.high()),
                reflect(k, b.close()),
                b.volume(),
                b.vwap() == null ? null : reflect(k, b.vwap()),
                b.trades()));
      }
      out.put(e.getKey(), m);
    }
    return out;
  }

  private static BigDecimal reflect(BigDecimal k, BigDecimal price) {
    return k.divide(price, MathContext.DECIMAL64);
  }

  /**
   * A split of the decision times into train, validation and test ranges, in that order. A sample
   * belongs to a range only if its labels end inside it too, so no label of one range looks into
   * the next.
   */
  public record Split(long trainFrom, long validationFrom, long testFrom, long testTo) {
    public int[] train(Samples s, long maxHorizonMillis) {
      return s.rowsBetween(trainFrom, validationFrom, maxHorizonMillis);
    }

    public int[] validation(Samples s, long maxHorizonMillis) {
      return s.rowsBetween(validationFrom, testFrom, maxHorizonMillis);
    }

    public int[] test(Samples s, long maxHorizonMillis) {
      return s.rowsBetween(testFrom, testTo, maxHorizonMillis);
    }
  }

  /** Cuts at the given fractions of the samples' decision times (which are sorted). */
  public static Split split(
      Samples s, double trainFraction, double validationFraction, long maxHorizonMillis) {
    if (s.size() < 10) {
      throw new IllegalArgumentException("only " + s.size() + " samples: not enough to split");
    }
    long[] t = s.decisionTimes();
    long validationFrom = t[(int) (trainFraction * (s.size() - 1))];
    long testFrom = t[(int) ((trainFraction + validationFraction) * (s.size() - 1))];
    return new Split(t[0], validationFrom, testFrom, t[s.size() - 1] + maxHorizonMillis + 1);
  }

  /** The standard deviation of each horizon's raw log-return label over {@code raw}. */
  public static double[] labelScales(Samples raw) {
    double[] scales = new double[raw.horizons()];
    for (int hi = 0; hi < raw.horizons(); hi++) {
      double sum = 0;
      double sq = 0;
      for (int r = 0; r < raw.size(); r++) {
        double x = raw.labels()[r * raw.horizons() + hi];
        sum += x;
        sq += x * x;
      }
      double mean = sum / raw.size();
      scales[hi] = Math.max(1e-6, Math.sqrt(Math.max(0, sq / raw.size() - mean * mean)));
    }
    return scales;
  }

  /** Calendar features (UTC) of {@code time} and its offset from the decision, into {@code out}. */
  static void known(long time, double offset, float[] out, int at) {
    long minute = Math.floorMod(time / 60_000L, 1440L);
    long day = Math.floorMod(Math.floorDiv(time, 86_400_000L) + 3, 7L); // Monday = 0
    double a = 2 * Math.PI * minute / 1440.0;
    double b = 2 * Math.PI * day / 7.0;
    out[at] = (float) Math.sin(a);
    out[at + 1] = (float) Math.cos(a);
    out[at + 2] = (float) Math.sin(b);
    out[at + 3] = (float) Math.cos(b);
    out[at + 4] = (float) offset;
  }

  private static double[] finite(double[] x) {
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i])) {
        x[i] = 0;
      }
    }
    return x;
  }
}
