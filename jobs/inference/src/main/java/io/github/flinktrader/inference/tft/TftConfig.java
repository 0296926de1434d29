package io.github.flinktrader.inference.tft;

import java.util.List;

/**
 * The shape of a TFT: what it reads, what it predicts, and its sizes.
 *
 * @param symbols the symbols of the static embedding, in index order
 * @param observedInputs names of the past-observed inputs (the feature spec's features)
 * @param knownInputs names of the inputs known for past and future steps (calendar, time offset)
 * @param contextLength past steps the encoder reads
 * @param horizonsMinutes the forecast horizons; the decoder has one position per horizon
 * @param quantiles predicted quantile levels, ascending
 * @param hidden the model width {@code d}
 * @param heads attention heads
 * @param dropout dropout rate in the GRNs and after attention
 */
public record TftConfig(
    List<String> symbols,
    List<String> observedInputs,
    List<String> knownInputs,
    int contextLength,
    int[] horizonsMinutes,
    double[] quantiles,
    int hidden,
    int heads,
    float dropout) {

  public TftConfig {
    if (hidden % heads != 0) {
      throw new IllegalArgumentException("hidden must be a multiple of heads");
    }
    symbols = List.copyOf(symbols);
    observedInputs = List.copyOf(observedInputs);
    knownInputs = List.copyOf(knownInputs);
  }

  /** Inputs the encoder selects among: observed then known. */
  public int encoderInputs() {
    return observedInputs.size() + knownInputs.size();
  }

  public int decoderSteps() {
    return horizonsMinutes.length;
  }
}
