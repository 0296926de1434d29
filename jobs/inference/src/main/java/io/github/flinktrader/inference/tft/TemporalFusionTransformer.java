package io.github.flinktrader.inference.tft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The Temporal Fusion Transformer of Lim et al. (2021), as DJL blocks:
 *
 * <ol>
 *   <li>a static covariate encoder: the symbol embedding through a GRN, then four GRNs giving the
 *       contexts for variable selection ({@code c_s}), static enrichment ({@code c_e}) and the
 *       LSTM's initial cell and hidden state ({@code c_c}, {@code c_h});
 *   <li>variable selection networks for the encoder (past observed and known inputs) and the
 *       decoder (known future inputs), conditioned on {@code c_s};
 *   <li>an LSTM encoder seeded with {@code (c_h, c_c)} and an LSTM decoder continuing from its
 *       final state, followed by a gated skip connection and layer norm;
 *   <li>static enrichment (a GRN with {@code c_e});
 *   <li>interpretable multi-head attention: per-head queries and keys, one value projection shared
 *       by all heads, head attention averaged, a causal mask so no position sees a later one;
 *   <li>a gated skip, a position-wise GRN, a gated skip back to the LSTM output, and a linear layer
 *       giving every quantile at every decoder position.
 * </ol>
 *
 * <p>One adaptation: the decoder has one position per forecast horizon (1 h, 4 h, 24 h by default)
 * rather than one per minute up to a day ahead; each position's known inputs are the calendar at
 * that horizon and its offset in time.
 *
 * <p>Inputs: symbol one-hot {@code (B, S)}, encoder inputs {@code (B, L, observed + known)},
 * decoder inputs {@code (B, H, known)}. Outputs: quantiles {@code (B, H, Q)}, encoder selection
 * weights {@code (B, L, observed + known)}, decoder selection weights {@code (B, H, known)},
 * attention of each decoder position over all positions {@code (B, H, L + H)}.
 */
public final class TemporalFusionTransformer extends AbstractBlock {

  private static final byte VERSION = 1;

  private final TftConfig config;
  private final int d;
  private final int headSize;
  private final Parameter symbolEmbedding;
  private final Grn staticEncoder;
  private final Grn contextSelection;
  private final Grn contextEnrichment;
  private final Grn contextCell;
  private final Grn contextHidden;
  private final VariableSelection encoderSelection;
  private final VariableSelection decoderSelection;
  private final Lstm encoder;
  private final Lstm decoder;
  private final Linear lstmGate;
  private final Grn enrichment;
  private final Linear query;
  private final Linear key;
  private final Linear value;
  private final Linear attentionOut;
  private final Dropout attentionDropout;
  private final Linear attentionGate;
  private final Grn positionwise;
  private final Linear outputGate;
  private final Linear output;
  private final Parameter[] norms = new Parameter[6];

  public TemporalFusionTransformer(TftConfig config) {
    super(VERSION);
    this.config = config;
    this.d = config.hidden();
    this.headSize = d / config.heads();
    float p = config.dropout();
    symbolEmbedding =
        addParameter(
            Parameter.builder()
                .setName("symbolEmbedding")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(config.symbols().size(), d))
                .build());
    staticEncoder = addChildBlock("staticEncoder", new Grn(d, d, d, false, p));
    contextSelection = addChildBlock("contextSelection", new Grn(d, d, d, false, p));
    contextEnrichment = addChildBlock("contextEnrichment", new Grn(d, d, d, false, p));
    contextCell = addChildBlock("contextCell", new Grn(d, d, d, false, p));
    contextHidden = addChildBlock("contextHidden", new Grn(d, d, d, false, p));
    encoderSelection =
        addChildBlock("encoderSelection", new VariableSelection(config.encoderInputs(), d, p));
    decoderSelection =
        addChildBlock("decoderSelection", new VariableSelection(config.knownInputs().size(), d, p));
    encoder = addChildBlock("encoder", new Lstm(d, d));
    decoder = addChildBlock("decoder", new Lstm(d, d));
    lstmGate = addChildBlock("lstmGate", Linear.builder().setUnits(2L * d).build());
    enrichment = addChildBlock("enrichment", new Grn(d, d, d, true, p));
    query = addChildBlock("query", Linear.builder().setUnits(d).build());
    key = addChildBlock("key", Linear.builder().setUnits(d).build());
    value = addChildBlock("value", Linear.builder().setUnits(headSize).build());
    attentionOut = addChildBlock("attentionOut", Linear.builder().setUnits(d).build());
    attentionDropout = addChildBlock("attentionDropout", Dropout.builder().optRate(p).build());
    attentionGate = addChildBlock("attentionGate", Linear.builder().setUnits(2L * d).build());
    positionwise = addChildBlock("positionwise", new Grn(d, d, d, false, p));
    outputGate = addChildBlock("outputGate", Linear.builder().setUnits(2L * d).build());
    output = addChildBlock("output", Linear.builder().setUnits(config.quantiles().length).build());
    for (int i = 0; i < 3; i++) {
      norms[2 * i] = norm("gamma" + i, Parameter.Type.GAMMA);
      norms[2 * i + 1] = norm("beta" + i, Parameter.Type.BETA);
    }
  }

  private Parameter norm(String name, Parameter.Type type) {
    return addParameter(
        Parameter.builder().setName(name).setType(type).optShape(new Shape(d)).build());
  }

  public TftConfig config() {
    return config;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray[] contexts = staticContexts(ps, inputs.get(0), training);
    NDList enc = encoderSelection.forward(ps, new NDList(inputs.get(1), contexts[0]), training);
    return fromSelected(ps, contexts, enc.get(0), enc.get(1), inputs.get(2), training);
  }

  /**
   * The encoder's variable selection alone, for past steps {@code (N, T, V)} of the symbols {@code
   * (N, S)}: the mix {@code (N, T, d)} and the weights {@code (N, T, V)}. Each step's result
   * depends on that step's inputs and the symbol only, so a server may compute it once per bar.
   */
  public NDList selectPast(ParameterStore ps, NDArray symbols, NDArray past, boolean training) {
    NDArray[] contexts = staticContexts(ps, symbols, training);
    return encoderSelection.forward(ps, new NDList(past, contexts[0]), training);
  }

  /**
   * The forward pass from the encoder's selection ({@link #selectPast}) on: the same outputs as
   * {@link #forward} on the steps the selection came from.
   */
  public NDList forwardSelected(
      ParameterStore ps,
      NDArray symbols,
      NDArray selected,
      NDArray selectionWeights,
      NDArray future,
      boolean training) {
    NDArray[] contexts = staticContexts(ps, symbols, training);
    return fromSelected(ps, contexts, selected, selectionWeights, future, training);
  }

  /** {@code c_s}, {@code c_e} as {@code (B, 1, d)}; {@code c_c}, {@code c_h} as {@code (B, d)}. */
  private NDArray[] staticContexts(ParameterStore ps, NDArray symbols, boolean training) {
    var dev = symbols.getDevice();
    NDArray s = symbols.matMul(ps.getValue(symbolEmbedding, dev, training)).expandDims(1);
    s = grn(staticEncoder, ps, training, s);
    return new NDArray[] {
      grn(contextSelection, ps, training, s),
      grn(contextEnrichment, ps, training, s),
      grn(contextCell, ps, training, s).squeeze(1),
      grn(contextHidden, ps, training, s).squeeze(1)
    };
  }

  private NDList fromSelected(
      ParameterStore ps,
      NDArray[] contexts,
      NDArray encSelected,
      NDArray encWeights,
      NDArray future,
      boolean training) {
    long batch = encSelected.getShape().get(0);
    long l = encSelected.getShape().get(1);
    long h = future.getShape().get(1);
    long t = l + h;
    NDArray cEnrich = contexts[1];
    NDArray cCell = contexts[2];
    NDArray cHidden = contexts[3];

    NDList dec = decoderSelection.forward(ps, new NDList(future, contexts[0]), training);
    NDList encOut = encoder.forward(ps, new NDList(encSelected, cHidden, cCell), training);
    NDList decOut =
        decoder.forward(ps, new NDList(dec.get(0), encOut.get(1), encOut.get(2)), training);
    NDArray lstm = NDArrays.concat(new NDList(encOut.get(0), decOut.get(0)), 1);
    NDArray selected = NDArrays.concat(new NDList(encSelected, dec.get(0)), 1);
    NDArray phi = gatedNorm(lstmGate, 0, ps, training, lstm, selected);

    NDArray theta = enrichment.forward(ps, new NDList(phi, cEnrich), training).head();

    // Interpretable multi-head attention with a causal mask.
    int heads = config.heads();
    NDArray q =
        linear(query, ps, training, theta).reshape(batch, t, heads, headSize).transpose(0, 2, 1, 3);
    NDArray k =
        linear(key, ps, training, theta).reshape(batch, t, heads, headSize).transpose(0, 2, 3, 1);
    NDArray v = linear(value, ps, training, theta);
    NDManager m = theta.getManager();
    NDArray rows = m.arange(t).reshape(t, 1);
    NDArray cols = m.arange(t).reshape(1, t);
    NDArray mask = cols.gt(rows).toType(DataType.FLOAT32, false).mul(-1e9f);
    NDArray weights =
        q.matMul(k).div((float) Math.sqrt(headSize)).add(mask).softmax(3).mean(new int[] {1});
    NDArray attended = linear(attentionOut, ps, training, weights.matMul(v));
    attended = attentionDropout.forward(ps, new NDList(attended), training).head();
    NDArray delta = gatedNorm(attentionGate, 1, ps, training, attended, theta);

    NDArray psi = grn(positionwise, ps, training, delta);
    NDArray out = gatedNorm(outputGate, 2, ps, training, psi, phi);
    NDIndex decoderPart = new NDIndex(":, {}:, :", l);
    NDArray quantiles = linear(output, ps, training, out.get(decoderPart));
    return new NDList(quantiles, encWeights, dec.get(1), weights.get(decoderPart));
  }

  /** {@code LayerNorm(residual + GLU(gate(x)))}. */
  private NDArray gatedNorm(
      Linear gate, int norm, ParameterStore ps, boolean training, NDArray x, NDArray residual) {
    var dev = x.getDevice();
    return Nn.layerNorm(
        residual.add(Nn.glu(linear(gate, ps, training, x))),
        ps.getValue(norms[2 * norm], dev, training),
        ps.getValue(norms[2 * norm + 1], dev, training));
  }

  private static NDArray grn(Grn g, ParameterStore ps, boolean training, NDArray x) {
    return g.forward(ps, new NDList(x), training).head();
  }

  private static NDArray linear(Linear lin, ParameterStore ps, boolean training, NDArray x) {
    return lin.forward(ps, new NDList(x), training).head();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long b = inputShapes[1].get(0);
    long l = inputShapes[1].get(1);
    long h = inputShapes[2].get(1);
    return new Shape[] {
      new Shape(b, h, config.quantiles().length),
      new Shape(b, l, config.encoderInputs()),
      new Shape(b, h, config.knownInputs().size()),
      new Shape(b, h, l + h)
    };
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    long b = inputShapes[1].get(0);
    long l = inputShapes[1].get(1);
    long h = inputShapes[2].get(1);
    long t = l + h;
    Shape one = new Shape(b, 1, d);
    Shape all = new Shape(b, t, d);
    for (Grn g :
        new Grn[] {
          staticEncoder, contextSelection, contextEnrichment, contextCell, contextHidden
        }) {
      g.initialize(manager, dataType, one);
    }
    encoderSelection.initialize(manager, dataType, inputShapes[1], one);
    decoderSelection.initialize(manager, dataType, inputShapes[2], one);
    Shape state = new Shape(b, d);
    encoder.initialize(manager, dataType, new Shape(b, l, d), state, state);
    decoder.initialize(manager, dataType, new Shape(b, h, d), state, state);
    lstmGate.initialize(manager, dataType, all);
    enrichment.initialize(manager, dataType, all, one);
    query.initialize(manager, dataType, all);
    key.initialize(manager, dataType, all);
    value.initialize(manager, dataType, all);
    attentionOut.initialize(manager, dataType, new Shape(b, t, headSize));
    attentionDropout.initialize(manager, dataType, all);
    attentionGate.initialize(manager, dataType, all);
    positionwise.initialize(manager, dataType, all);
    outputGate.initialize(manager, dataType, all);
    output.initialize(manager, dataType, new Shape(b, h, d));
  }
}
