package io.github.flinktrader.inference.tft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Variable selection network (Lim et al. 2021, eq. 6-8). Each of {@code V} scalar inputs is
 * embedded by its own linear transform, each embedding goes through its own GRN (the {@code V} GRNs
 * run batched, as one tensor product per layer), and a GRN over all embeddings and the static
 * context gives the softmax selection weights that mix them.
 *
 * <p>Inputs: {@code x (batch, time, V)}, context {@code (batch, 1, d)}. Outputs: the mix {@code
 * (batch, time, d)} and the weights {@code (batch, time, V)}, which are what the model tells about
 * which inputs it used.
 */
final class VariableSelection extends AbstractBlock {

  private static final byte VERSION = 1;

  private final int variables;
  private final int d;
  private final Parameter embedWeight;
  private final Parameter embedBias;
  private final Parameter w1;
  private final Parameter b1;
  private final Parameter w2;
  private final Parameter b2;
  private final Parameter wGate;
  private final Parameter bGate;
  private final Parameter gamma;
  private final Parameter beta;
  private final Dropout dropout;
  private final Grn selection;

  VariableSelection(int variables, int d, float dropoutRate) {
    super(VERSION);
    this.variables = variables;
    this.d = d;
    embedWeight = param("embedWeight", Parameter.Type.WEIGHT, new Shape(variables, d));
    embedBias = param("embedBias", Parameter.Type.BIAS, new Shape(variables, d));
    w1 = param("w1", Parameter.Type.WEIGHT, new Shape(variables, d, d));
    b1 = param("b1", Parameter.Type.BIAS, new Shape(variables, d));
    w2 = param("w2", Parameter.Type.WEIGHT, new Shape(variables, d, d));
    b2 = param("b2", Parameter.Type.BIAS, new Shape(variables, d));
    wGate = param("wGate", Parameter.Type.WEIGHT, new Shape(variables, d, 2L * d));
    bGate = param("bGate", Parameter.Type.BIAS, new Shape(variables, 2L * d));
    gamma = param("gamma", Parameter.Type.GAMMA, new Shape(variables, d));
    beta = param("beta", Parameter.Type.BETA, new Shape(variables, d));
    dropout = addChildBlock("dropout", Dropout.builder().optRate(dropoutRate).build());
    selection = addChildBlock("selection", new Grn(variables * d, d, variables, true, dropoutRate));
  }

  private Parameter param(String name, Parameter.Type type, Shape shape) {
    return addParameter(Parameter.builder().setName(name).setType(type).optShape(shape).build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray context = inputs.get(1);
    var dev = x.getDevice();
    long batch = x.getShape().get(0);
    long time = x.getShape().get(1);
    // (B, T, V, d): every scalar input through its own linear embedding.
    NDArray xi =
        x.expandDims(3)
            .mul(ps.getValue(embedWeight, dev, training))
            .add(ps.getValue(embedBias, dev, training));
    NDArray weights =
        selection
            .forward(
                ps, new NDList(xi.reshape(batch, time, (long) variables * d), context), training)
            .head()
            .softmax(2);
    // One GRN per variable, batched as (V, B*T, d) x (V, d, d): no weight is broadcast or copied.
    long n = batch * time;
    NDArray perVar = xi.transpose(2, 0, 1, 3).reshape(variables, n, d);
    NDArray h =
        perVar
            .matMul(ps.getValue(w1, dev, training))
            .add(ps.getValue(b1, dev, training).expandDims(1));
    h = Nn.elu(h);
    h = h.matMul(ps.getValue(w2, dev, training)).add(ps.getValue(b2, dev, training).expandDims(1));
    h = dropout.forward(ps, new NDList(h), training).head();
    NDArray g =
        Nn.glu(
            h.matMul(ps.getValue(wGate, dev, training))
                .add(ps.getValue(bGate, dev, training).expandDims(1)));
    NDArray processed =
        Nn.layerNorm(
                perVar.add(g),
                ps.getValue(gamma, dev, training).expandDims(1),
                ps.getValue(beta, dev, training).expandDims(1))
            .reshape(variables, batch, time, d)
            .transpose(1, 2, 0, 3);
    NDArray mixed = weights.expandDims(3).mul(processed).sum(new int[] {2});
    return new NDList(mixed, weights);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape x = inputShapes[0];
    return new Shape[] {new Shape(x.get(0), x.get(1), d), new Shape(x.get(0), x.get(1), variables)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape x = inputShapes[0];
    dropout.initialize(manager, dataType, new Shape(variables, x.get(0) * x.get(1), d));
    selection.initialize(
        manager, dataType, new Shape(x.get(0), x.get(1), (long) variables * d), inputShapes[1]);
  }
}
