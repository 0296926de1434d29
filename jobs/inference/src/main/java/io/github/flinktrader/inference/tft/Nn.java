package io.github.flinktrader.inference.tft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/** Small tensor helpers the TFT blocks share. */
final class Nn {

  private Nn() {}

  /** ELU with alpha 1: x for x > 0, exp(x) - 1 otherwise (the engine's own kernel). */
  static NDArray elu(NDArray x) {
    return Activation.elu(x, 1f);
  }

  /** Gated linear unit over the last axis of {@code x}, whose size is twice the output's. */
  static NDArray glu(NDArray x) {
    NDList halves = x.split(2, x.getShape().dimension() - 1);
    return Activation.sigmoid(halves.get(0)).mul(halves.get(1));
  }

  static NDArray sigmoid(NDArray x) {
    return Activation.sigmoid(x);
  }

  /**
   * Layer normalisation over the last axis (the engine's own kernel), then a scale and shift
   * broadcast over the rest: {@code gamma} and {@code beta} may carry leading axes (one pair per
   * variable in a variable selection network).
   */
  static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
    long last = x.getShape().get(x.getShape().dimension() - 1);
    if (gamma.getShape().dimension() == 1) {
      return x.getNDArrayInternal().layerNorm(x, new Shape(last), gamma, beta, 1e-5f).head();
    }
    NDManager m = x.getManager();
    NDArray ones = m.ones(new Shape(last), x.getDataType(), x.getDevice());
    NDArray zeros = m.zeros(new Shape(last), x.getDataType(), x.getDevice());
    return x.getNDArrayInternal()
        .layerNorm(x, new Shape(last), ones, zeros, 1e-5f)
        .head()
        .mul(gamma)
        .add(beta);
  }

  /**
   * Runs {@code body} with the engine's gradient recording off on this thread (PyTorch records a
   * graph for every operation on trainable parameters unless told not to: about twice the cost of a
   * small inference batch), restoring the previous mode after.
   */
  static <T> T withoutGradients(java.util.function.Supplier<T> body) {
    if (!"PyTorch".equals(ai.djl.engine.Engine.getInstance().getEngineName())) {
      return body.get();
    }
    boolean previous = ai.djl.pytorch.jni.JniUtils.isGradMode();
    ai.djl.pytorch.jni.JniUtils.setGradMode(false);
    try {
      return body.get();
    } finally {
      ai.djl.pytorch.jni.JniUtils.setGradMode(previous);
    }
  }
}
