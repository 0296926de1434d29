package io.github.flinktrader.inference.tft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;

/** Small tensor helpers the TFT blocks share. */
final class Nn {

  private Nn() {}

  /** ELU with alpha 1: x for x > 0, exp(x) - 1 otherwise. */
  static NDArray elu(NDArray x) {
    return x.maximum(0f).add(x.minimum(0f).exp().sub(1f));
  }

  /** Gated linear unit over the last axis of {@code x}, whose size is twice the output's. */
  static NDArray glu(NDArray x) {
    NDList halves = x.split(2, x.getShape().dimension() - 1);
    return Activation.sigmoid(halves.get(0)).mul(halves.get(1));
  }

  static NDArray sigmoid(NDArray x) {
    return Activation.sigmoid(x);
  }

  /** Layer normalisation over the last axis with a scale and shift broadcast over the rest. */
  static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
    int last = x.getShape().dimension() - 1;
    NDArray mean = x.mean(new int[] {last}, true);
    NDArray centred = x.sub(mean);
    NDArray var = centred.square().mean(new int[] {last}, true);
    return centred.div(var.add(1e-5f).sqrt()).mul(gamma).add(beta);
  }
}
