package io.github.flinktrader.http;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP client for one external API with resilience4j around every call: a client-side rate
 * limiter, retries with exponential backoff and jitter on transport errors, 429 and 5xx (waiting
 * what the server announced in {@code Retry-After} or {@code X-Ratelimit-Reset} when it did), a
 * circuit breaker over the outcomes, and a timeout per request. When the server reports its budget
 * used up ({@code X-Ratelimit-Remaining: 0}) the next call waits for the announced reset.
 *
 * <p>Logs name the API, the status and the path only: never headers or query strings, which is
 * where credentials travel.
 */
public final class ResilientHttp {

  private static final Logger LOG = LoggerFactory.getLogger(ResilientHttp.class);

  private final ApiPolicy policy;
  private final HttpClient client;
  private final RateLimiter rateLimiter;
  private final Retry retry;
  private final CircuitBreaker breaker;
  private final Clock clock;
  private final AtomicLong pausedUntilMillis = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();

  public ResilientHttp(ApiPolicy policy) {
    this(policy, Clock.systemUTC());
  }

  ResilientHttp(ApiPolicy policy, Clock clock) {
    this.policy = policy;
    this.clock = clock;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(policy.requestTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    this.rateLimiter =
        RateLimiter.of(
            policy.name(),
            RateLimiterConfig.custom()
                .limitForPeriod(policy.requestsPerPeriod())
                .limitRefreshPeriod(policy.period())
                .timeoutDuration(policy.period().plus(policy.maxBackoff()))
                .build());
    IntervalFunction backoff =
        IntervalFunction.ofExponentialRandomBackoff(
            policy.initialBackoff(), 2.0, 0.5, policy.maxBackoff());
    IntervalBiFunction<Object> interval =
        (attempt, outcome) -> {
          long base = backoff.apply(attempt);
          if (outcome.isLeft()
              && outcome.getLeft() instanceof ApiException e
              && e.retryAfter() != null) {
            return Math.min(Math.max(base, e.retryAfter().toMillis()), maxWaitMillis());
          }
          return base;
        };
    this.retry =
        Retry.of(
            policy.name(),
            RetryConfig.custom()
                .maxAttempts(policy.maxAttempts())
                .intervalBiFunction(interval)
                .retryOnException(e -> e instanceof ApiException a && a.retryable())
                .failAfterMaxAttempts(true)
                .build());
    this.breaker =
        CircuitBreaker.of(
            policy.name(),
            CircuitBreakerConfig.custom()
                .failureRateThreshold(policy.failureRatePercent())
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .permittedNumberOfCallsInHalfOpenState(2)
                .waitDurationInOpenState(policy.openFor())
                // Only the server's trouble counts against it: a 404 or 401 is ours.
                .recordException(e -> e instanceof ApiException a && a.retryable())
                .build());
  }

  /**
   * Sends the request built by {@code request} (called once per attempt, so a fresh token can go
   * into each) and returns a 2xx response.
   *
   * @throws ApiException for a non-retryable status (the caller decides, e.g. 401 means a new
   *     token), after the last attempt, when the circuit is open, or when the rate limit would wait
   *     longer than the policy's {@code maxBackoff}
   */
  public HttpResponse<String> send(Supplier<HttpRequest> request) {
    try {
      return retry.executeCallable(() -> breaker.executeCallable(() -> attempt(request.get())));
    } catch (ApiException e) {
      throw e;
    } catch (CallNotPermittedException e) {
      throw new ApiException(policy.name() + ": circuit open, call refused", -1, false, null);
    } catch (RequestNotPermitted e) {
      throw new ApiException(policy.name() + ": client-side rate limit", 429, false, null);
    } catch (Exception e) {
      throw new ApiException(policy.name() + ": " + e.getClass().getSimpleName(), e);
    }
  }

  /** Requests sent over the network, retries included. */
  public long requestsSent() {
    return requests.get();
  }

  public CircuitBreaker.State circuitState() {
    return breaker.getState();
  }

  private HttpResponse<String> attempt(HttpRequest request) throws InterruptedException {
    waitForAnnouncedReset();
    RateLimiter.waitForPermission(rateLimiter);
    HttpRequest timed =
        HttpRequest.newBuilder(request, (n, v) -> true).timeout(policy.requestTimeout()).build();
    HttpResponse<String> response;
    try {
      requests.incrementAndGet();
      response = client.send(timed, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      LOG.warn("{} {}: {}", policy.name(), request.uri().getPath(), e.toString());
      throw new ApiException(
          policy.name() + " " + request.uri().getPath() + ": " + e.getClass().getSimpleName(),
          -1,
          true,
          null);
    }
    int status = response.statusCode();
    Optional<Duration> reset = announcedReset(response);
    if (reset.isPresent() && remaining(response).map(r -> r < 1).orElse(false)) {
      pausedUntilMillis.set(clock.millis() + reset.get().toMillis());
    }
    if (status >= 200 && status < 300) {
      return response;
    }
    boolean retryable = status == 429 || status == 408 || status >= 500;
    if (status == 429) {
      pausedUntilMillis.set(clock.millis() + reset.orElse(policy.initialBackoff()).toMillis());
    }
    LOG.warn("{} {}: HTTP {}", policy.name(), request.uri().getPath(), status);
    throw new ApiException(
        policy.name() + " " + request.uri().getPath() + ": HTTP " + status,
        status,
        retryable,
        reset.orElse(null),
        response.body());
  }

  private void waitForAnnouncedReset() throws InterruptedException {
    long until = pausedUntilMillis.get();
    long wait = until - clock.millis();
    if (wait <= 0) {
      return;
    }
    if (wait > maxWaitMillis()) {
      throw new ApiException(
          policy.name() + ": rate limited by the server until " + Instant.ofEpochMilli(until),
          429,
          false,
          Duration.ofMillis(wait));
    }
    Thread.sleep(wait);
  }

  private long maxWaitMillis() {
    return policy.maxBackoff().toMillis();
  }

  /** {@code Retry-After} (seconds) or Reddit's {@code X-Ratelimit-Reset} (seconds). */
  static Optional<Duration> announcedReset(HttpResponse<?> response) {
    return header(response, "Retry-After")
        .or(() -> header(response, "X-Ratelimit-Reset"))
        .map(s -> Duration.ofMillis(Math.round(s * 1000)));
  }

  private static Optional<Double> remaining(HttpResponse<?> response) {
    return header(response, "X-Ratelimit-Remaining");
  }

  private static Optional<Double> header(HttpResponse<?> response, String name) {
    return response
        .headers()
        .firstValue(name)
        .flatMap(
            v -> {
              try {
                return Optional.of(Double.parseDouble(v.trim()));
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
  }
}
