package io.github.flinktrader.offline.tft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The quantile (pinball) loss summed over quantiles and averaged over samples and horizons: for
 * level {@code q} and error {@code e = y - y_hat}, {@code max(q e, (q - 1) e)}. Labels {@code (B,
 * H)}, predictions {@code (B, H, Q)}.
 */
public final class PinballLoss extends Loss {

  private final float[] quantiles;

  public PinballLoss(double[] quantiles) {
    super("pinball");
    this.quantiles = new float[quantiles.length];
    for (int i = 0; i < quantiles.length; i++) {
      this.quantiles[i] = (float) quantiles[i];
    }
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray y = labels.head().expandDims(2);
    NDArray yHat = predictions.head();
    NDArray q = yHat.getManager().create(quantiles).reshape(1, 1, quantiles.length);
    NDArray e = y.sub(yHat);
    return e.mul(q).maximum(e.mul(q.sub(1f))).sum(new int[] {2}).mean();
  }
}
