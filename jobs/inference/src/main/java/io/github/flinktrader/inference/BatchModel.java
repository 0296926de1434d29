package io.github.flinktrader.inference;

import java.io.Serializable;
import java.util.List;

/**
 * A model the async inference operator ({@link AsyncInference}) serves: a micro-batch of requests
 * in, one answer per request out. Implementations may be slow or hold native resources: the
 * operator creates one per worker thread, on that thread, and closes it in {@code close()}.
 *
 * @param <I> a request
 * @param <R> the model's answer to one request
 */
public interface BatchModel<I, R> extends AutoCloseable {

  /**
   * Answers in request order; {@code null} where the model has no answer for a request (the
   * operator emits its flagged fallback there). A model that fails throws; every request of the
   * batch then gets the fallback.
   */
  List<R> predict(List<I> batch) throws Exception;

  @Override
  default void close() throws Exception {}

  /** Creates the model; serialisable so the operator can build one per worker thread. */
  interface Factory<I, R> extends Serializable {

    /** A model on a device ({@code cpu} or {@code gpu:<index>}); CPU-only models ignore it. */
    BatchModel<I, R> create(String device) throws Exception;

    /** {@code name/version}, stamped on every answer. */
    String modelVersion();

    /**
     * The same model at another version, for a hot swap or a shadow run.
     *
     * @throws UnsupportedOperationException for models without versions
     */
    default Factory<I, R> forVersion(String version) throws Exception {
      throw new UnsupportedOperationException(modelVersion() + " has no other versions");
    }
  }
}
