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
public final class AsyncForecast extends RichAsyncFunction<FeatureWindow, ForecastPair> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(AsyncForecast.class);

  /** One waiting request. */
  private record Request(
      FeatureWindow window, ResultFuture<ForecastPair> result, long enqueuedNanos) {}

  private final Forecaster.Factory factory;
  private final int workers;
  private final int maxBatch;
  private final long maxDelayMs;

  /** The device of the slot the current thread serves. */
  private static final ThreadLocal<String> DEVICE = ThreadLocal.withInitial(() -> "cpu");

  private transient List<String> devices;
  private transient LinkedBlockingQueue<Request> queue;
  private transient Semaphore slots;
  private transient ExecutorService pool;
  private transient Thread dispatcher;
  private transient volatile boolean running;
  private transient ThreadLocal<java.util.Map<String, Forecaster>> models;
  private transient volatile Forecaster.Factory live;
  private transient volatile Forecaster.Factory shadow;
  private transient java.util.concurrent.ConcurrentHashMap<String, Boolean> requested;
  private transient ExecutorService loader;
  private transient Counter swaps;
  private transient Counter rejectedVersions;
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
    devices =
        DeviceSlots.assign(
            getRuntimeContext().getExternalResourceInfos("gpu"),
            ai.djl.engine.Engine.getInstance().getGpuCount(),
            workers);
    pool =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              int slot = n.getAndIncrement();
              Thread t =
                  new Thread(
                      () -> {
                        DEVICE.set(devices.get(slot % devices.size()));
                        r.run();
                      },
                      "forecast-slot-" + (slot + 1));
              t.setDaemon(true);
              return t;
            });
    created = Collections.synchronizedList(new ArrayList<>());
    models = ThreadLocal.withInitial(java.util.HashMap::new);
    live = factory;
    shadow = null;
    requested = new java.util.concurrent.ConcurrentHashMap<>();
    loader =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "model-loader");
              t.setDaemon(true);
              return t;
            });
    var metrics = getRuntimeContext().getMetricGroup();
    fallbacks = metrics.counter("forecastFallbacks");
    timeouts = metrics.counter("forecastTimeouts");
    batchSizes = metrics.histogram("batchSize", new DescriptiveStatisticsHistogram(1000));
    queueMillis = metrics.histogram("queueMillis", new DescriptiveStatisticsHistogram(1000));
    inferenceMillis =
        metrics.histogram("inferenceMillis", new DescriptiveStatisticsHistogram(1000));
    metrics.addGroup("model", factory.modelVersion()).gauge("inUse", () -> 1);
    swaps = metrics.counter("modelSwaps");
    rejectedVersions = metrics.counter("modelVersionsRejected");
    queue = new LinkedBlockingQueue<>();
    slots = new Semaphore(workers);
    running = true;
    dispatcher = new Thread(this::dispatch, "forecast-dispatcher");
    dispatcher.setDaemon(true);
    dispatcher.start();
  }

  @Override
  public void asyncInvoke(FeatureWindow window, ResultFuture<ForecastPair> result) {
    queue.add(new Request(window, result, System.nanoTime()));
  }

  private void dispatch() {
    try {
      while (running) {
        Request first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        followAnnouncements(first.window());
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
          followAnnouncements(next.window());
          batch.add(next);
        }
        // The versions are fixed per batch, in dispatch order: outputs switch at one point.
        Forecaster.Factory liveNow = live;
        Forecaster.Factory shadowNow = shadow;
        pool.execute(() -> run(batch, liveNow, shadowNow));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Starts loading an announced version in the background when a window asks for one that is not
   * being served; the running version keeps serving until the new one has loaded and answered a
   * smoke prediction, then the switch is one volatile write.
   */
  private void followAnnouncements(FeatureWindow w) {
    if (w.liveVersion() != null && !serves(live, w.liveVersion())) {
      load(w.liveVersion(), true, w);
    }
    if (w.shadowVersion() == null) {
      shadow = null;
    } else if (!serves(shadow, w.shadowVersion())) {
      load(w.shadowVersion(), false, w);
    }
  }

  private static boolean serves(Forecaster.Factory f, String version) {
    return f != null && f.modelVersion().endsWith("/" + version);
  }

  private void load(String version, boolean asLive, FeatureWindow sample) {
    String key = (asLive ? "live:" : "shadow:") + version;
    if (requested.putIfAbsent(key, Boolean.TRUE) != null) {
      return; // loading, loaded, or rejected before
    }
    loader.execute(
        () -> {
          try {
            Forecaster.Factory next = factory.forVersion(version);
            try (Forecaster smoke = next.create()) {
              Forecast[] answer = smoke.forecast(List.of(sample));
              if (answer[0] != null
                  && !Arrays.stream(answer[0].prices()).allMatch(Double::isFinite)) {
                throw new IllegalStateException("smoke prediction is not finite");
              }
            }
            if (asLive) {
              live = next;
              swaps.inc();
            } else {
              shadow = next;
            }
            LOG.info("now serving {} as {}", next.modelVersion(), asLive ? "live" : "shadow");
          } catch (Exception | LinkageError e) {
            rejectedVersions.inc();
            LOG.error(
                "model version {} refused, still serving {}: {}",
                version,
                live.modelVersion(),
                e.toString());
          }
        });
  }

  private void run(List<Request> batch, Forecaster.Factory liveNow, Forecaster.Factory shadowNow) {
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
      Forecast[] answers = answer(liveNow, windows);
      inferenceMillis.update((System.nanoTime() - start) / 1_000_000);
      Forecast[] shadows =
          shadowNow == null ? new Forecast[batch.size()] : answer(shadowNow, windows);
      for (int i = 0; i < batch.size(); i++) {
        Request r = batch.get(i);
        Forecast f = answers[i];
        if (f == null) {
          fallbacks.inc();
          f = fallback(r.window(), liveNow);
        }
        r.result().complete(List.of(new ForecastPair(f, shadows[i])));
      }
    } finally {
      slots.release();
    }
  }

  /** The model's answers, null where it had none (or all null if it failed). */
  private Forecast[] answer(Forecaster.Factory f, List<FeatureWindow> windows) {
    try {
      Forecaster m =
          models
              .get()
              .computeIfAbsent(
                  f.modelVersion(),
                  v -> {
                    try {
                      Forecaster instance = f.create(DEVICE.get());
                      created.add(instance);
                      return instance;
                    } catch (Exception e) {
                      throw new IllegalStateException("cannot create model " + v, e);
                    }
                  });
      return m.forecast(windows);
    } catch (Exception | LinkageError e) {
      LOG.warn(
          "model {} failed on a batch of {}: {}", f.modelVersion(), windows.size(), e.toString());
      return new Forecast[windows.size()];
    }
  }

  @Override
  public void timeout(FeatureWindow features, ResultFuture<ForecastPair> result) {
    timeouts.inc();
    fallbacks.inc();
    result.complete(List.of(new ForecastPair(fallback(features, live), null)));
  }

  /** The defined answer when the model cannot give one: no move, no spread, flagged. */
  static Forecast fallback(FeatureWindow features, Forecaster.Factory factory) {
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
    if (loader != null) {
      loader.shutdownNow();
    }
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
