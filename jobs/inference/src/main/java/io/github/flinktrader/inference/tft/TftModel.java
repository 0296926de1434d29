package io.github.flinktrader.inference.tft;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A TFT with what it needs to be served: its configuration, the feature spec version it was trained
 * on, the per-horizon label scales, and free-form metadata (training range, metrics, git revision).
 * Saved as a directory: {@code tft-0000.params} (DJL parameters) and {@code tft.json}. Not
 * thread-safe: one instance per worker thread.
 */
public final class TftModel implements AutoCloseable {

  public static final String NAME = "tft";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** What is stored beside the parameters. */
  public record Card(
      String version,
      TftConfig config,
      String featureSpecVersion,
      double[] labelScales,
      Map<String, Object> metadata,
      Calibration calibration) {

    /** A card without calibration (a model being trained, or one stored before calibration). */
    public Card(
        String version,
        TftConfig config,
        String featureSpecVersion,
        double[] labelScales,
        Map<String, Object> metadata) {
      this(version, config, featureSpecVersion, labelScales, metadata, null);
    }

    public Card withCalibration(Calibration c) {
      return new Card(version, config, featureSpecVersion, labelScales, metadata, c);
    }
  }

  private final Model model;
  private final Card card;

  TftModel(Model model, Card card) {
    this.model = model;
    this.card = card;
  }

  /** A new model with fresh parameters drawn from a seeded engine, for batches of any size. */
  public static TftModel create(Card card, long seed) {
    ai.djl.engine.Engine.getInstance().setRandomSeed((int) seed);
    Model model = Model.newInstance(NAME, Device.cpu());
    TemporalFusionTransformer block = new TemporalFusionTransformer(card.config());
    model.setBlock(block);
    block.initialize(
        model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, inputShapes(card.config(), 1));
    return new TftModel(model, card);
  }

  public static Shape[] inputShapes(TftConfig c, long batch) {
    return new Shape[] {
      new Shape(batch, c.symbols().size()),
      new Shape(batch, c.contextLength(), c.encoderInputs()),
      new Shape(batch, c.decoderSteps(), c.knownInputs().size())
    };
  }

  public static TftModel load(Path dir) throws IOException {
    return load(dir, Device.cpu());
  }

  /** Loads the model onto {@code device} (a GPU slot, or the CPU). */
  public static TftModel load(Path dir, Device device) throws IOException {
    Card card = JSON.readValue(dir.resolve(NAME + ".json").toFile(), Card.class);
    Model model = Model.newInstance(NAME, device);
    model.setBlock(new TemporalFusionTransformer(card.config()));
    try {
      model.load(dir, NAME);
    } catch (MalformedModelException e) {
      model.close();
      throw new IOException("model parameters in " + dir + " do not match tft.json", e);
    }
    return new TftModel(model, card);
  }

  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    model.save(dir, NAME);
    JSON.writeValue(dir.resolve(NAME + ".json").toFile(), card);
  }

  /** This model (the same parameters) under another card; this instance must not be used after. */
  public TftModel withCard(Card other) {
    return new TftModel(model, other);
  }

  public Card card() {
    return card;
  }

  public Model djl() {
    return model;
  }

  /**
   * The forward pass on {@code samples} in inference mode (dropout off): quantiles of the
   * standardised label {@code (n, H, Q)} plus selection and attention weights.
   */
  public NDList forward(NDManager manager, TftDataset.Samples samples, boolean training) {
    TftConfig c = card.config();
    NDList inputs = inputs(manager, c, samples);
    if (training) {
      return model.getBlock().forward(new ParameterStore(manager, false), inputs, true);
    }
    return Nn.withoutGradients(
        () -> model.getBlock().forward(new ParameterStore(manager, false), inputs, false));
  }

  public static NDList inputs(NDManager manager, TftConfig c, TftDataset.Samples s) {
    NDArray sym = manager.create(s.symbols(), new Shape(s.size(), c.symbols().size()));
    NDArray past =
        manager.create(s.past(), new Shape(s.size(), c.contextLength(), c.encoderInputs()));
    NDArray future =
        manager.create(s.future(), new Shape(s.size(), c.decoderSteps(), c.knownInputs().size()));
    return new NDList(sym, past, future);
  }

  /**
   * What a forward pass gives a server: log-return quantiles {@code [sample][horizon][quantile]}
   * (sorted), and when asked for, the interpretability outputs, row-major: past selection weights
   * {@code (n, L, V)}, future selection weights {@code (n, H, K)}, each horizon's attention over
   * positions {@code (n, H, L + H)}; null when not asked for.
   */
  public record Prediction(
      double[][][] logReturns, float[] pastWeights, float[] futureWeights, float[] attention) {}

  /**
   * Predicted log returns {@code [sample][horizon][quantile]}, quantiles sorted (the pinball loss
   * does not forbid crossing; serving does).
   */
  public double[][][] predictLogReturns(TftDataset.Samples samples) {
    return predict(samples, false).logReturns();
  }

  /** The forward pass in batches of 256, with the interpretability outputs when {@code weights}. */
  public Prediction predict(TftDataset.Samples samples, boolean weights) {
    return predict(samples, weights, true);
  }

  /**
   * As above; {@code calibrated} false gives the network's own quantiles (what evaluation compares
   * the calibration against, and what calibration is fitted on).
   */
  public Prediction predict(TftDataset.Samples samples, boolean weights, boolean calibrated) {
    TftConfig c = card.config();
    int n = samples.size();
    int l = c.contextLength();
    int h = c.decoderSteps();
    int v = c.encoderInputs();
    int k = c.knownInputs().size();
    double[][][] out = new double[n][][];
    float[] past = weights ? new float[n * l * v] : null;
    float[] future = weights ? new float[n * h * k] : null;
    float[] attention = weights ? new float[n * h * (l + h)] : null;
    int batch = 256;
    for (int from = 0; from < n; from += batch) {
      int to = Math.min(n, from + batch);
      int[] rows = new int[to - from];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = from + i;
      }
      try (NDManager m = model.getNDManager().newSubManager()) {
        NDList result = forward(m, samples.select(rows), false);
        double[][][] part = logReturns(result.head().toFloatArray(), rows.length, calibrated);
        System.arraycopy(part, 0, out, from, rows.length);
        if (weights) {
          copyRows(result.get(1), past, from * l * v);
          copyRows(result.get(2), future, from * h * k);
          copyRows(result.get(3), attention, from * h * (l + h));
        }
      }
    }
    return new Prediction(out, past, future, attention);
  }

  private static void copyRows(NDArray a, float[] into, int at) {
    float[] values = a.toFloatArray();
    System.arraycopy(values, 0, into, at, values.length);
  }

  /**
   * The encoder's variable selection for single past steps, as a server caches it per bar: {@code
   * n} rows of symbol one-hots {@code (n, S)} and step inputs {@code (n, V)}; returns the mixes
   * {@code (n, d)} and the selection weights {@code (n, V)}. Requires a stepwise encoder.
   */
  public float[][] selectSteps(float[] symbols, float[] steps, int n) {
    TftConfig c = card.config();
    if (!c.stepwiseEncoder()) {
      throw new IllegalStateException(card.version() + " reads time offsets in its encoder");
    }
    try (NDManager m = model.getNDManager().newSubManager()) {
      NDList out =
          Nn.withoutGradients(
              () ->
                  block()
                      .selectPast(
                          new ParameterStore(m, false),
                          m.create(symbols, new Shape(n, c.symbols().size())),
                          m.create(steps, new Shape(n, 1, c.encoderInputs())),
                          false));
      return new float[][] {out.get(0).toFloatArray(), out.get(1).toFloatArray()};
    }
  }

  /**
   * {@link #predict} from cached encoder selections: symbols {@code (n, S)}, mixes {@code (n, L,
   * d)}, selection weights {@code (n, L, V)}, decoder inputs {@code (n, H, K)}. The past weights of
   * the result are the ones given.
   */
  public Prediction predict(
      float[] symbols,
      float[] selected,
      float[] selectionWeights,
      float[] future,
      int n,
      boolean weights) {
    TftConfig c = card.config();
    int l = c.contextLength();
    try (NDManager m = model.getNDManager().newSubManager()) {
      NDList out =
          Nn.withoutGradients(
              () ->
                  block()
                      .forwardSelected(
                          new ParameterStore(m, false),
                          m.create(symbols, new Shape(n, c.symbols().size())),
                          m.create(selected, new Shape(n, l, c.hidden())),
                          m.create(selectionWeights, new Shape(n, l, c.encoderInputs())),
                          m.create(future, new Shape(n, c.decoderSteps(), c.knownInputs().size())),
                          false));
      double[][][] q = logReturns(out.head().toFloatArray(), n, true);
      return weights
          ? new Prediction(
              q, selectionWeights, out.get(2).toFloatArray(), out.get(3).toFloatArray())
          : new Prediction(q, null, null, null);
    }
  }

  private TemporalFusionTransformer block() {
    return (TemporalFusionTransformer) model.getBlock();
  }

  /**
   * Standardised outputs {@code (n, H, Q)} to log returns, quantiles sorted per horizon, with the
   * card's calibration when {@code calibrated}.
   */
  private double[][][] logReturns(float[] y, int n, boolean calibrated) {
    Calibration calibration = calibrated ? card.calibration() : null;
    TftConfig c = card.config();
    int h = c.decoderSteps();
    int q = c.quantiles().length;
    double[][][] out = new double[n][h][q];
    for (int i = 0; i < n; i++) {
      for (int hi = 0; hi < h; hi++) {
        double[] qs = new double[q];
        for (int qi = 0; qi < q; qi++) {
          qs[qi] = y[(i * h + hi) * q + qi] * card.labelScales()[hi];
        }
        java.util.Arrays.sort(qs);
        out[i][hi] = calibration == null ? qs : calibration.apply(hi, qs, c.quantiles());
      }
    }
    return out;
  }

  @Override
  public void close() {
    model.close();
  }
}
