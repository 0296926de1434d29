package io.github.flinktrader.records;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a model says about one forecast, for audit (the TFT's interpretability outputs, Lim et al.
 * 2021 sec. 7): how much weight its variable selection gave each input, and where its attention
 * looked.
 *
 * @param pastInputs the encoder's inputs (the feature spec's features, then the calendar)
 * @param pastWeights each past input's selection weight, averaged over the context window; they sum
 *     to 1
 * @param latestWeights each past input's selection weight at the newest bar
 * @param futureInputs the decoder's known inputs
 * @param futureWeights horizon-major: horizon {@code h}'s weight of future input {@code k} at
 *     {@code h * futureInputs.length + k}
 * @param contextLength past positions the attention covers
 * @param attention horizon-major: horizon {@code h}'s attention at position {@code p} (past
 *     positions oldest first, then the horizons) at {@code h * (contextLength + horizons) + p}
 */
public record ForecastExplanation(
    String[] pastInputs,
    double[] pastWeights,
    double[] latestWeights,
    String[] futureInputs,
    double[] futureWeights,
    int contextLength,
    double[] attention) {

  /** The past input with the largest average selection weight. */
  public String topPastInput() {
    int best = 0;
    for (int i = 1; i < pastWeights.length; i++) {
      if (pastWeights[i] > pastWeights[best]) {
        best = i;
      }
    }
    return pastInputs[best];
  }

  /** Why this explanation is malformed, if it is. */
  public Optional<String> violation() {
    if (pastInputs == null
        || pastWeights == null
        || latestWeights == null
        || futureInputs == null
        || futureWeights == null
        || attention == null) {
      return Optional.of("explanation has missing parts");
    }
    if (pastWeights.length != pastInputs.length || latestWeights.length != pastInputs.length) {
      return Optional.of("explanation has one past weight per input");
    }
    if (futureInputs.length == 0 || futureWeights.length % futureInputs.length != 0) {
      return Optional.of("explanation's future weights are not horizons x inputs");
    }
    int horizons = futureWeights.length / futureInputs.length;
    if (contextLength < 1 || attention.length != horizons * (contextLength + horizons)) {
      return Optional.of("explanation's attention is not horizons x positions");
    }
    for (double[] a : new double[][] {pastWeights, latestWeights, futureWeights, attention}) {
      for (double w : a) {
        if (!Double.isFinite(w) || w < 0) {
          return Optional.of("explanation weights must be finite and not negative");
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ForecastExplanation e
        && Arrays.equals(pastInputs, e.pastInputs)
        && Arrays.equals(pastWeights, e.pastWeights)
        && Arrays.equals(latestWeights, e.latestWeights)
        && Arrays.equals(futureInputs, e.futureInputs)
        && Arrays.equals(futureWeights, e.futureWeights)
        && contextLength == e.contextLength
        && Arrays.equals(attention, e.attention);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(pastWeights);
  }

  @Override
  public String toString() {
    return "ForecastExplanation[top=" + topPastInput() + "]";
  }
}
