package io.github.flinktrader.inference;

import io.github.flinktrader.records.Forecast;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Forecaster} off the task thread, in micro-batches across keys. Requests queue up; a
 * dispatcher thread takes them in batches of at most {@code maxBatch}, flushing a smaller batch
 * once its oldest request has waited {@code maxDelayMs}, and hands each batch to one of {@code
 * workers} model slots, each with its own model instance created on its thread and closed in {@link
 * #close()} (a DJL predictor is not thread-safe). While every slot is busy the dispatcher waits and
 * the next batch grows; the operator's capacity (Flink's in-flight limit) turns overload into
 * backpressure, never into a growing queue.
 *
 * <p>A request the model fails on, cannot answer ({@code null}), or does not answer within the
 * operator's timeout gets the defined fallback: the last close for every quantile, flagged, and
 * counted; never a silent gap. A timeout frees the pipeline, not the slot: a model call that hangs
 * keeps its slot until it returns, and every request of its batch times out with it.
 *
 * <p>Metrics: {@code batchSize}, {@code queueMillis} and {@code inferenceMillis} histograms, {@code
 * forecastFallbacks}, {@code forecastTimeouts}, and {@code model.<version>.inUse}.
 */
public final class AsyncForecast extends RichAsyncFunction<FeatureWindow, Forecast> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(AsyncForecast.class);

  /** One waiting request. */
  private record Request(FeatureWindow window, ResultFuture<Forecast> result, long enqueuedNanos) {}

  private final Forecaster.Factory factory;
  private final int workers;
  private final int maxBatch;
  private final long maxDelayMs;

  private transient LinkedBlockingQueue<Request> queue;
  private transient Semaphore slots;
  private transient ExecutorService pool;
  private transient Thread dispatcher;
  private transient volatile boolean running;
  private transient ThreadLocal<Forecaster> model;
  private transient List<Forecaster> created;
  private transient Counter fallbacks;
  private transient Counter timeouts;
  private transient Histogram batchSizes;
  private transient Histogram queueMillis;
  private transient Histogram inferenceMillis;

  /** One request per batch, as before batching existed: for models that gain nothing from it. */
  public AsyncForecast(Forecaster.Factory factory, int workers) {
    this(factory, workers, 1, 0);
  }

  public AsyncForecast(Forecaster.Factory factory, int workers, int maxBatch, long maxDelayMs) {
    if (workers < 1 || maxBatch < 1 || maxDelayMs < 0) {
      throw new IllegalArgumentException("need at least one worker, batches of at least one");
    }
    this.factory = factory;
    this.workers = workers;
    this.maxBatch = maxBatch;
    this.maxDelayMs = maxDelayMs;
  }

  @Override
  public void open(OpenContext openContext) {
    AtomicInteger n = new AtomicInteger();
    pool =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "forecast-slot-" + n.incrementAndGet());
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
    var metrics = getRuntimeContext().getMetricGroup();
    fallbacks = metrics.counter("forecastFallbacks");
    timeouts = metrics.counter("forecastTimeouts");
    batchSizes = metrics.histogram("batchSize", new DescriptiveStatisticsHistogram(1000));
    queueMillis = metrics.histogram("queueMillis", new DescriptiveStatisticsHistogram(1000));
    inferenceMillis =
        metrics.histogram("inferenceMillis", new DescriptiveStatisticsHistogram(1000));
    metrics.addGroup("model", factory.modelVersion()).gauge("inUse", () -> 1);
    queue = new LinkedBlockingQueue<>();
    slots = new Semaphore(workers);
    running = true;
    dispatcher = new Thread(this::dispatch, "forecast-dispatcher");
    dispatcher.setDaemon(true);
    dispatcher.start();
  }

  @Override
  public void asyncInvoke(FeatureWindow window, ResultFuture<Forecast> result) {
    queue.add(new Request(window, result, System.nanoTime()));
  }

  private void dispatch() {
    try {
      while (running) {
        Request first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        slots.acquire(); // all slots busy: wait, and let the batch grow meanwhile
        List<Request> batch = new ArrayList<>(maxBatch);
        batch.add(first);
        long deadline = first.enqueuedNanos() + TimeUnit.MILLISECONDS.toNanos(maxDelayMs);
        while (batch.size() < maxBatch) {
          long wait = deadline - System.nanoTime();
          Request next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
          if (next == null) {
            break;
          }
          batch.add(next);
        }
        pool.execute(() -> run(batch));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run(List<Request> batch) {
    long start = System.nanoTime();
    try {
      for (Request r : batch) {
        queueMillis.update((start - r.enqueuedNanos()) / 1_000_000);
      }
      batchSizes.update(batch.size());
      List<FeatureWindow> windows = new ArrayList<>(batch.size());
      for (Request r : batch) {
        windows.add(r.window());
      }
      Forecast[] answers;
      try {
        answers = model.get().forecast(windows);
      } catch (Exception | LinkageError e) {
        LOG.warn(
            "model {} failed on a batch of {}: {}",
            factory.modelVersion(),
            batch.size(),
            e.toString());
        answers = new Forecast[batch.size()];
      }
      inferenceMillis.update((System.nanoTime() - start) / 1_000_000);
      for (int i = 0; i < batch.size(); i++) {
        Request r = batch.get(i);
        Forecast f = answers[i];
        if (f == null) {
          fallbacks.inc();
          f = fallback(r.window());
        }
        r.result().complete(List.of(f));
      }
    } finally {
      slots.release();
    }
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
    running = false;
    if (dispatcher != null) {
      dispatcher.interrupt();
      dispatcher.join(5_000);
    }
    if (pool != null) {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
    if (created != null) {
      for (Forecaster f : created) {
        f.close();
      }
    }
  }
}
