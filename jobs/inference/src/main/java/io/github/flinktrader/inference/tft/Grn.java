package io.github.flinktrader.inference.tft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Gated residual network (Lim et al. 2021, eq. 2-5): {@code LayerNorm(a + GLU(W1 ELU(W2 a + W3 c +
 * b2) + b1))}, the context {@code c} optional, a linear skip when input and output sizes differ.
 * Inputs are {@code (batch, time, in)}, a context {@code (batch, 1, contextSize)} broadcast over
 * time.
 */
final class Grn extends AbstractBlock {

  private static final byte VERSION = 1;

  private final int out;
  private final Linear fc1;
  private final Linear fc2;
  private final Linear gate;
  private final Linear skip;
  private final Linear context;
  private final Dropout dropout;
  private final Parameter gamma;
  private final Parameter beta;

  Grn(int in, int hidden, int out, boolean withContext, float dropoutRate) {
    super(VERSION);
    this.out = out;
    fc1 = addChildBlock("fc1", Linear.builder().setUnits(hidden).build());
    context =
        withContext
            ? addChildBlock("context", Linear.builder().setUnits(hidden).optBias(false).build())
            : null;
    fc2 = addChildBlock("fc2", Linear.builder().setUnits(hidden).build());
    dropout = addChildBlock("dropout", Dropout.builder().optRate(dropoutRate).build());
    gate = addChildBlock("gate", Linear.builder().setUnits(2L * out).build());
    skip = in == out ? null : addChildBlock("skip", Linear.builder().setUnits(out).build());
    gamma =
        addParameter(
            Parameter.builder()
                .setName("gamma")
                .setType(Parameter.Type.GAMMA)
                .optShape(new Shape(out))
                .build());
    beta =
        addParameter(
            Parameter.builder()
                .setName("beta")
                .setType(Parameter.Type.BETA)
                .optShape(new Shape(out))
                .build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray a = skip == null ? x : skip.forward(ps, new NDList(x), training).head();
    NDArray h = fc1.forward(ps, new NDList(x), training).head();
    if (context != null) {
      h = h.add(context.forward(ps, new NDList(inputs.get(1)), training).head());
    }
    h = Nn.elu(h);
    h = fc2.forward(ps, new NDList(h), training).head();
    h = dropout.forward(ps, new NDList(h), training).head();
    NDArray g = Nn.glu(gate.forward(ps, new NDList(h), training).head());
    return new NDList(
        Nn.layerNorm(
            a.add(g),
            ps.getValue(gamma, x.getDevice(), training),
            ps.getValue(beta, x.getDevice(), training)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape x = inputShapes[0];
    return new Shape[] {x.slice(0, x.dimension() - 1).add(out)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape x = inputShapes[0];
    Shape hidden = fc1.getOutputShapes(new Shape[] {x})[0];
    fc1.initialize(manager, dataType, x);
    if (context != null) {
      context.initialize(manager, dataType, inputShapes[1]);
    }
    fc2.initialize(manager, dataType, hidden);
    dropout.initialize(manager, dataType, hidden);
    gate.initialize(manager, dataType, hidden);
    if (skip != null) {
      skip.initialize(manager, dataType, x);
    }
  }
}
