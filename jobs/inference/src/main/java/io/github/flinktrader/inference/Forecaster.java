package io.github.flinktrader.inference;

import io.github.flinktrader.records.FeatureVector;
import io.github.flinktrader.records.Forecast;
import java.io.Serializable;

/**
 * A model that turns one feature vector into quantile forecasts. Implementations may be slow or
 * hold native resources: the async operator creates them in {@code open()} on its worker threads
 * and closes them in {@code close()}.
 */
public interface Forecaster extends AutoCloseable {

  /** Creates a forecaster; serialisable so the operator can build one per worker thread. */
  interface Factory extends Serializable {
    Forecaster create() throws Exception;

    String modelVersion();

    /** Horizons every forecast of this model covers, ascending. */
    int[] horizonsMinutes();

    /** Quantile levels every forecast of this model gives, ascending. */
    double[] quantileLevels();

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

  @Override
  default void close() throws Exception {}
}
