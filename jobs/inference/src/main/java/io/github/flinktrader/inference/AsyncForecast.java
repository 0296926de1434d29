package io.github.flinktrader.inference;

import io.github.flinktrader.records.Forecast;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Forecaster} off the task thread: a fixed pool of worker threads, each with its own
 * model instance (models are not assumed thread-safe). The task thread never blocks; Flink's async
 * operator bounds the requests in flight, so overload becomes backpressure.
 *
 * <p>A model error or a timeout yields a defined fallback (every quantile at the reference price,
 * {@code fallback = true}), counted in {@code forecastFallbacks}/{@code forecastTimeouts}, never a
 * gap: the strategy goes flat on fallbacks. A timeout frees the pipeline, not the worker: a model
 * call that hangs keeps its thread until it returns, so requests queued behind it time out too.
 */
public final class AsyncForecast extends RichAsyncFunction<FeatureWindow, Forecast> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(AsyncForecast.class);

  private final Forecaster.Factory factory;
  private final int workers;

  private transient ExecutorService executor;
  private transient ThreadLocal<Forecaster> model;
  private transient List<Forecaster> created;
  private transient Counter fallbacks;
  private transient Counter timeouts;

  public AsyncForecast(Forecaster.Factory factory, int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("need at least one worker");
    }
    this.factory = factory;
    this.workers = workers;
  }

  @Override
  public void open(OpenContext openContext) {
    AtomicInteger n = new AtomicInteger();
    executor =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "forecast-worker-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    created = Collections.synchronizedList(new ArrayList<>());
    model =
        ThreadLocal.withInitial(
            () -> {
              try {
                Forecaster f = factory.create();
                created.add(f);
                return f;
              } catch (Exception e) {
                throw new IllegalStateException("cannot create model " + factory.modelVersion(), e);
              }
            });
    fallbacks = getRuntimeContext().getMetricGroup().counter("forecastFallbacks");
    timeouts = getRuntimeContext().getMetricGroup().counter("forecastTimeouts");
  }

  @Override
  public void asyncInvoke(FeatureWindow features, ResultFuture<Forecast> result) {
    CompletableFuture.supplyAsync(
            () -> {
              try {
                return model.get().forecast(features);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            executor)
        .whenComplete(
            (forecast, error) -> {
              if (error != null) {
                fallbacks.inc();
                LOG.warn(
                    "model {} failed on {}@{}: {}",
                    factory.modelVersion(),
                    features.symbol(),
                    features.barEnd(),
                    error.getMessage());
                result.complete(List.of(fallback(features)));
              } else {
                result.complete(List.of(forecast));
              }
            });
  }

  @Override
  public void timeout(FeatureWindow features, ResultFuture<Forecast> result) {
    timeouts.inc();
    fallbacks.inc();
    result.complete(List.of(fallback(features)));
  }

  /** The defined answer when the model cannot give one: no move, no spread, flagged. */
  Forecast fallback(FeatureWindow features) {
    int[] horizons = factory.horizonsMinutes();
    double[] quantiles = factory.quantileLevels();
    double[] prices = new double[horizons.length * quantiles.length];
    Arrays.fill(prices, features.close().doubleValue());
    return new Forecast(
        features.symbol(),
        features.barEnd(),
        factory.modelVersion(),
        features.close(),
        horizons.clone(),
        quantiles.clone(),
        prices,
        true);
  }

  @Override
  public void close() throws Exception {
    if (executor != null) {
      executor.shutdownNow();
      executor.awaitTermination(10, TimeUnit.SECONDS);
    }
    if (created != null) {
      for (Forecaster f : created) {
        f.close();
      }
    }
  }
}
