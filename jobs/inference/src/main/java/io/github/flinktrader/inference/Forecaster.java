package io.github.flinktrader.inference;

import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.Forecast;

/**
 * A model that turns one feature vector into quantile forecasts. Implementations may be slow or
 * hold native resources: the async operator creates them in {@code open()} on its worker threads
 * and closes them in {@code close()}.
 */
public interface Forecaster extends BatchModel<FeatureWindow, Forecast> {

  /** Creates a forecaster; serialisable so the operator can build one per worker thread. */
  interface Factory extends BatchModel.Factory<FeatureWindow, Forecast> {
    Forecaster create() throws Exception;

    @Override
    default Forecaster create(String device) throws Exception {
      return create();
    }

    /** Horizons every forecast of this model covers, ascending. */
    int[] horizonsMinutes();

    /** Quantile levels every forecast of this model gives, ascending. */
    double[] quantileLevels();

    /**
     * The same model at another version, for a hot swap or a shadow run.
     *
     * @throws UnsupportedOperationException for models without versions
     */
    @Override
    default Factory forVersion(String version) throws Exception {
      throw new UnsupportedOperationException(modelVersion() + " has no other versions");
    }

    /** How many of a symbol's latest feature vectors the model reads. */
    default int contextLength() {
      return 1;
    }
  }

  Forecast forecast(FeatureVector features) throws Exception;

  /** A forecast from a symbol's latest vectors; models of one bar read the newest. */
  default Forecast forecast(FeatureWindow window) throws Exception {
    return forecast(window.latest());
  }

  /**
   * Forecasts for a micro-batch of windows (of any symbols), in order; {@code null} where the model
   * cannot answer for that window (the operator emits a flagged fallback there). Models that run
   * faster on batches override this; the default answers one window at a time.
   */
  default Forecast[] forecast(java.util.List<FeatureWindow> batch) {
    Forecast[] out = new Forecast[batch.size()];
    for (int i = 0; i < out.length; i++) {
      try {
        out[i] = forecast(batch.get(i));
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(Forecaster.class)
            .warn("no forecast for {}: {}", batch.get(i), e.getMessage());
        out[i] = null;
      }
    }
    return out;
  }

  @Override
  default java.util.List<Forecast> predict(java.util.List<FeatureWindow> batch) {
    return java.util.Arrays.asList(forecast(batch));
  }

  @Override
  default void close() throws Exception {}
}
