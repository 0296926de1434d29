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

  static final String NAME = "tft";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** What is stored beside the parameters. */
  public record Card(
      String version,
      TftConfig config,
      String featureSpecVersion,
      double[] labelScales,
      Map<String, Object> metadata) {}

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
    return model.getBlock().forward(new ParameterStore(manager, false), inputs, training);
  }

  static NDList inputs(NDManager manager, TftConfig c, TftDataset.Samples s) {
    NDArray sym = manager.create(s.symbols(), new Shape(s.size(), c.symbols().size()));
    NDArray past =
        manager.create(s.past(), new Shape(s.size(), c.contextLength(), c.encoderInputs()));
    NDArray future =
        manager.create(s.future(), new Shape(s.size(), c.decoderSteps(), c.knownInputs().size()));
    return new NDList(sym, past, future);
  }

  /**
   * Predicted log returns {@code [sample][horizon][quantile]}, quantiles sorted (the pinball loss
   * does not forbid crossing; serving does).
   */
  public double[][][] predictLogReturns(TftDataset.Samples samples) {
    TftConfig c = card.config();
    int h = c.decoderSteps();
    int q = c.quantiles().length;
    double[][][] out = new double[samples.size()][h][q];
    int batch = 256;
    for (int from = 0; from < samples.size(); from += batch) {
      int to = Math.min(samples.size(), from + batch);
      int[] rows = new int[to - from];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = from + i;
      }
      try (NDManager m = model.getNDManager().newSubManager()) {
        float[] y = forward(m, samples.select(rows), false).head().toFloatArray();
        for (int i = 0; i < rows.length; i++) {
          for (int hi = 0; hi < h; hi++) {
            double[] qs = new double[q];
            for (int qi = 0; qi < q; qi++) {
              qs[qi] = y[(i * h + hi) * q + qi] * card.labelScales()[hi];
            }
            java.util.Arrays.sort(qs);
            out[from + i][hi] = qs;
          }
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    model.close();
  }
}
