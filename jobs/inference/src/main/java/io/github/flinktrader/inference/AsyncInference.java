package io.github.flinktrader.inference;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * The async inference operator, generic over the model ({@link BatchModel}): runs it off the task
 * thread, in micro-batches across keys. Requests queue up; a dispatcher thread takes them in
 * batches of at most {@code maxBatch}, flushing a smaller batch once its oldest request has waited
 * {@code maxDelayMs}, and hands each batch to one of {@code workers} model slots, each with its own
 * model instance created on its thread (on the slot's device, see {@link DeviceSlots}) and closed
 * in {@link #close()}. While every slot is busy the dispatcher waits and the next batch grows; the
 * operator's capacity (Flink's in-flight limit) turns overload into backpressure, never into a
 * growing queue.
 *
 * <p>A request the model fails on, cannot answer ({@code null}), or does not answer within the
 * operator's timeout gets the {@link Serving#fallback defined fallback}, flagged and counted; never
 * a silent gap. A timeout frees the pipeline, not the slot: a model call that hangs keeps its slot
 * until it returns, and every request of its batch times out with it.
 *
 * <p>Hot swap and shadow: when a request names a live or shadow version ({@link
 * Serving#liveVersion}) that is not being served, that version is loaded in the background and
 * checked with a smoke prediction on the request; only then is it switched to, by one volatile
 * write, and versions are fixed per batch in dispatch order, so outputs switch at one point.
 *
 * <p>Metrics: {@code batchSize}, {@code queueMillis} and {@code inferenceMillis} histograms, {@code
 * <name>Fallbacks}, {@code <name>Timeouts}, {@code modelSwaps}, {@code modelVersionsRejected} and
 * {@code model.<version>.inUse}.
 *
 * @param <I> a request
 * @param <R> the model's answer
 * @param <O> what the operator emits per request (the live answer, and the shadow's if any)
 */
public class AsyncInference<I, R, O> extends RichAsyncFunction<I, O> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(AsyncInference.class);

  /** What makes the operator serve one kind of model: versions asked for, outputs, fallbacks. */
  public interface Serving<I, R, O> extends Serializable {

    /** Names the metrics ({@code <name>Fallbacks}) and the worker threads. */
    String name();

    /** The version a request asks to be served live, or null for the current one. */
    default String liveVersion(I request) {
      return null;
    }

    /** The candidate version to run beside the live one, or null for none. */
    default String shadowVersion(I request) {
      return null;
    }

    /** The output for a request; {@code shadow} is null without a shadow model. */
    O output(I request, R live, R shadow);

    /** The defined, flagged answer when the model has none. */
    R fallback(I request, BatchModel.Factory<I, R> model);

    /** Throws when a smoke prediction of a newly loaded version is unusable. */
    default void smokeCheck(R answer) {}
  }

  /** One waiting request. */
  private record Request<I, O>(I input, ResultFuture<O> result, long enqueuedNanos) {}

  private final BatchModel.Factory<I, R> factory;
  private final Serving<I, R, O> serving;
  private final int workers;
  private final int maxBatch;
  private final long maxDelayMs;

  /** The device of the slot the current thread serves. */
  private static final ThreadLocal<String> DEVICE = ThreadLocal.withInitial(() -> "cpu");

  private transient List<String> devices;
  private transient LinkedBlockingQueue<Request<I, O>> queue;
  private transient Semaphore slots;
  private transient ExecutorService pool;
  private transient Thread dispatcher;
  private transient volatile boolean running;
  private transient ThreadLocal<Map<String, BatchModel<I, R>>> models;
  private transient volatile BatchModel.Factory<I, R> live;
  private transient volatile BatchModel.Factory<I, R> shadow;
  private transient ConcurrentHashMap<String, Boolean> requested;
  private transient ExecutorService loader;
  private transient Counter swaps;
  private transient Counter rejectedVersions;
  private transient List<BatchModel<I, R>> created;
  private transient Counter fallbacks;
  private transient Counter timeouts;
  private transient Histogram batchSizes;
  private transient Histogram queueMillis;
  private transient Histogram inferenceMillis;

  public AsyncInference(
      BatchModel.Factory<I, R> factory,
      Serving<I, R, O> serving,
      int workers,
      int maxBatch,
      long maxDelayMs) {
    if (workers < 1 || maxBatch < 1 || maxDelayMs < 0) {
      throw new IllegalArgumentException("need at least one worker, batches of at least one");
    }
    this.factory = factory;
    this.serving = serving;
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
    String name = serving.name();
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
                      name + "-slot-" + (slot + 1));
              t.setDaemon(true);
              return t;
            });
    created = Collections.synchronizedList(new ArrayList<>());
    models = ThreadLocal.withInitial(HashMap::new);
    live = factory;
    shadow = null;
    requested = new ConcurrentHashMap<>();
    loader =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, name + "-model-loader");
              t.setDaemon(true);
              return t;
            });
    var metrics = getRuntimeContext().getMetricGroup();
    fallbacks = metrics.counter(name + "Fallbacks");
    timeouts = metrics.counter(name + "Timeouts");
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
    dispatcher = new Thread(this::dispatch, name + "-dispatcher");
    dispatcher.setDaemon(true);
    dispatcher.start();
  }

  @Override
  public void asyncInvoke(I input, ResultFuture<O> result) {
    queue.add(new Request<>(input, result, System.nanoTime()));
  }

  private void dispatch() {
    try {
      while (running) {
        Request<I, O> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        followAnnouncements(first.input());
        slots.acquire(); // all slots busy: wait, and let the batch grow meanwhile
        List<Request<I, O>> batch = new ArrayList<>(maxBatch);
        batch.add(first);
        long deadline = first.enqueuedNanos() + TimeUnit.MILLISECONDS.toNanos(maxDelayMs);
        while (batch.size() < maxBatch) {
          long wait = deadline - System.nanoTime();
          Request<I, O> next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
          if (next == null) {
            break;
          }
          followAnnouncements(next.input());
          batch.add(next);
        }
        // The versions are fixed per batch, in dispatch order: outputs switch at one point.
        BatchModel.Factory<I, R> liveNow = live;
        BatchModel.Factory<I, R> shadowNow = shadow;
        pool.execute(() -> run(batch, liveNow, shadowNow));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Starts loading an announced version in the background when a request asks for one that is not
   * being served; the running version keeps serving until the new one has loaded and answered a
   * smoke prediction, then the switch is one volatile write.
   */
  private void followAnnouncements(I request) {
    String liveVersion = serving.liveVersion(request);
    if (liveVersion != null && !serves(live, liveVersion)) {
      load(liveVersion, true, request);
    }
    String shadowVersion = serving.shadowVersion(request);
    if (shadowVersion == null) {
      shadow = null;
    } else if (!serves(shadow, shadowVersion)) {
      load(shadowVersion, false, request);
    }
  }

  private static boolean serves(BatchModel.Factory<?, ?> f, String version) {
    return f != null && f.modelVersion().endsWith("/" + version);
  }

  private void load(String version, boolean asLive, I sample) {
    String key = (asLive ? "live:" : "shadow:") + version;
    if (requested.putIfAbsent(key, Boolean.TRUE) != null) {
      return; // loading, loaded, or rejected before
    }
    loader.execute(
        () -> {
          try {
            BatchModel.Factory<I, R> next = factory.forVersion(version);
            try (BatchModel<I, R> smoke = next.create("cpu")) {
              List<R> answer = smoke.predict(List.of(sample));
              if (answer.get(0) != null) {
                serving.smokeCheck(answer.get(0));
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

  private void run(
      List<Request<I, O>> batch,
      BatchModel.Factory<I, R> liveNow,
      BatchModel.Factory<I, R> shadowNow) {
    long start = System.nanoTime();
    try {
      for (Request<I, O> r : batch) {
        queueMillis.update((start - r.enqueuedNanos()) / 1_000_000);
      }
      batchSizes.update(batch.size());
      List<I> inputs = new ArrayList<>(batch.size());
      for (Request<I, O> r : batch) {
        inputs.add(r.input());
      }
      List<R> answers = answer(liveNow, inputs);
      inferenceMillis.update((System.nanoTime() - start) / 1_000_000);
      List<R> shadows = shadowNow == null ? null : answer(shadowNow, inputs);
      for (int i = 0; i < batch.size(); i++) {
        Request<I, O> r = batch.get(i);
        R answer = answers.get(i);
        if (answer == null) {
          fallbacks.inc();
          answer = serving.fallback(r.input(), liveNow);
        }
        r.result()
            .complete(
                List.of(
                    serving.output(r.input(), answer, shadows == null ? null : shadows.get(i))));
      }
    } catch (RuntimeException e) {
      // A serving bug must not leave requests hanging until their timeout.
      for (Request<I, O> r : batch) {
        r.result().completeExceptionally(e);
      }
    } finally {
      slots.release();
    }
  }

  /** The model's answers, null where it had none (or all null if it failed). */
  private List<R> answer(BatchModel.Factory<I, R> f, List<I> inputs) {
    try {
      BatchModel<I, R> m =
          models
              .get()
              .computeIfAbsent(
                  f.modelVersion(),
                  v -> {
                    try {
                      BatchModel<I, R> instance = f.create(DEVICE.get());
                      created.add(instance);
                      return instance;
                    } catch (Exception e) {
                      throw new IllegalStateException("cannot create model " + v, e);
                    }
                  });
      List<R> out = m.predict(inputs);
      if (out.size() != inputs.size()) {
        throw new IllegalStateException(
            "model answered " + out.size() + " of " + inputs.size() + " requests");
      }
      return out;
    } catch (Exception | LinkageError e) {
      LOG.warn(
          "model {} failed on a batch of {}: {}", f.modelVersion(), inputs.size(), e.toString());
      return Collections.nCopies(inputs.size(), null);
    }
  }

  @Override
  public void timeout(I input, ResultFuture<O> result) {
    timeouts.inc();
    fallbacks.inc();
    result.complete(List.of(serving.output(input, serving.fallback(input, live), null)));
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
      for (BatchModel<I, R> m : created) {
        m.close();
      }
    }
  }
}
