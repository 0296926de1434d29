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
 * @param stepwiseEncoder whether each past step's inputs depend on that bar alone (its time offset
 *     from the decision is left out, the LSTM knows the order): a bar's encoder variable selection
 *     is then the same in every window that contains it, so serving computes it once per bar and
 *     reuses it. Models stored without this field read the offset (false).
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
    float dropout,
    boolean stepwiseEncoder) {

  /** A configuration for a new model: stepwise encoder inputs. */
  public TftConfig(
      List<String> symbols,
      List<String> observedInputs,
      List<String> knownInputs,
      int contextLength,
      int[] horizonsMinutes,
      double[] quantiles,
      int hidden,
      int heads,
      float dropout) {
    this(
        symbols,
        observedInputs,
        knownInputs,
        contextLength,
        horizonsMinutes,
        quantiles,
        hidden,
        heads,
        dropout,
        true);
  }

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

  /**
   * The time offset input of a past step ending at {@code end}, for a decision at {@code decision}:
   * 0 for a stepwise encoder, the offset scaled by the longest horizon otherwise.
   */
  public double pastOffset(long end, long decision) {
    return stepwiseEncoder
        ? 0.0
        : (end - decision) / (horizonsMinutes[horizonsMinutes.length - 1] * 60_000.0);
  }

  public int decoderSteps() {
    return horizonsMinutes.length;
  }
}
