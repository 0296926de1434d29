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
  }

  Forecast forecast(FeatureVector features) throws Exception;

  @Override
  default void close() throws Exception {}
}
