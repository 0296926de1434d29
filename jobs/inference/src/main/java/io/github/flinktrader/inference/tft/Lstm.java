package io.github.flinktrader.inference.tft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A one-layer LSTM written out step by step, taking its initial state as input (the TFT seeds the
 * encoder with static context and the decoder with the encoder's final state) and returning the
 * outputs and the final state (DJL's {@code LSTM} block starts from zeros). Training runs the steps
 * written out; inference calls the engine's fused kernel with the same parameters, about five times
 * faster at context 60. oneDNN's fused kernel computes wrong inference outputs on AVX-512 CPUs for
 * hidden sizes that are not multiples of 32 unless {@code ONEDNN_MAX_CPU_ISA=AVX2} is set (the
 * project's launch scripts and deployments set it); without it, such sizes keep the written-out
 * steps.
 *
 * <p>Inputs: {@code x (batch, time, in)}, {@code h0 (batch, hidden)}, {@code c0 (batch, hidden)}.
 * Outputs: {@code (batch, time, hidden)}, {@code hT}, {@code cT}.
 */
final class Lstm extends AbstractBlock {

  private static final byte VERSION = 1;

  /**
   * Whether inference uses the engine's fused LSTM kernel. On by default; {@code
   * -Dflinktrader.tft.fusedLstm=false} falls back to the written-out steps.
   */
  static final boolean FUSED =
      Boolean.parseBoolean(System.getProperty("flinktrader.tft.fusedLstm", "true"));

  private final int hidden;
  private final boolean fused;
  private final Parameter inputWeights;
  private final Parameter stateWeights;
  private final Parameter bias;

  Lstm(int in, int hidden) {
    super(VERSION);
    this.hidden = hidden;
    this.fused = FUSED && (hidden % 32 == 0 || System.getenv("ONEDNN_MAX_CPU_ISA") != null);
    inputWeights =
        addParameter(
            Parameter.builder()
                .setName("inputWeights")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(in, 4L * hidden))
                .build());
    stateWeights =
        addParameter(
            Parameter.builder()
                .setName("stateWeights")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(hidden, 4L * hidden))
                .build());
    bias =
        addParameter(
            Parameter.builder()
                .setName("bias")
                .setType(Parameter.Type.BIAS)
                .optShape(new Shape(4L * hidden))
                .build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray h = inputs.get(1);
    NDArray c = inputs.get(2);
    var device = x.getDevice();
    NDArray wx = ps.getValue(inputWeights, device, training);
    NDArray wh = ps.getValue(stateWeights, device, training);
    NDArray b = ps.getValue(bias, device, training);
    if (!training && fused) {
      // The engine's fused kernel (PyTorch's gate order i, f, g, o is this block's): same
      // parameters, one call instead of eight operations per step.
      NDList state = new NDList(h.expandDims(0), c.expandDims(0));
      NDList weights =
          new NDList(
              wx.transpose(),
              wh.transpose(),
              b,
              x.getManager().zeros(b.getShape(), b.getDataType(), x.getDevice()));
      NDList out = x.getNDArrayInternal().lstm(x, state, weights, true, 1, 0.0, false, false, true);
      return new NDList(out.get(0), out.get(1).squeeze(0), out.get(2).squeeze(0));
    }
    NDArray projected = x.matMul(wx).add(b); // (batch, time, 4 hidden), all steps at once
    long steps = x.getShape().get(1);
    List<NDArray> outputs = new ArrayList<>();
    for (long t = 0; t < steps; t++) {
      NDArray gates = projected.get(new NDIndex(":, {}, :", t)).add(h.matMul(wh));
      NDList g = gates.split(4, 1);
      NDArray i = Nn.sigmoid(g.get(0));
      NDArray f = Nn.sigmoid(g.get(1));
      NDArray candidate = g.get(2).tanh();
      NDArray o = Nn.sigmoid(g.get(3));
      c = f.mul(c).add(i.mul(candidate));
      h = o.mul(c.tanh());
      outputs.add(h);
    }
    return new NDList(NDArrays.stack(new NDList(outputs), 1), h, c);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape x = inputShapes[0];
    Shape state = new Shape(x.get(0), hidden);
    return new Shape[] {new Shape(x.get(0), x.get(1), hidden), state, state};
  }
}
