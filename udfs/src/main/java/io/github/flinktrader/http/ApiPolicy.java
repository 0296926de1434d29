package io.github.flinktrader.http;

import java.io.Serializable;
import java.time.Duration;

/**
 * How one external API is called: its request budget, retries with exponential backoff and jitter,
 * when the circuit opens, and timeouts. Defaults per API live beside their clients.
 *
 * @param name the API's name in logs and metrics, e.g. {@code polygon}
 * @param requestsPerPeriod requests allowed per {@code period} (the client-side rate limiter)
 * @param maxAttempts attempts per call, the first included
 * @param initialBackoff wait before the first retry; doubled per attempt, with 50% jitter
 * @param maxBackoff the longest wait between attempts, also the longest wait for a server-announced
 *     rate-limit reset before the call fails instead
 * @param requestTimeout per request, connection included
 * @param failureRatePercent failure rate over the last calls at which the circuit opens
 * @param openFor how long an open circuit refuses calls before probing again
 */
public record ApiPolicy(
    String name,
    int requestsPerPeriod,
    Duration period,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration requestTimeout,
    float failureRatePercent,
    Duration openFor)
    implements Serializable {

  public ApiPolicy {
    if (requestsPerPeriod < 1 || maxAttempts < 1) {
      throw new IllegalArgumentException("requestsPerPeriod and maxAttempts must be at least 1");
    }
  }

  public static ApiPolicy defaults(String name, int requestsPerMinute) {
    return new ApiPolicy(
        name,
        requestsPerMinute,
        Duration.ofMinutes(1),
        5,
        Duration.ofMillis(500),
        Duration.ofSeconds(30),
        Duration.ofSeconds(20),
        50f,
        Duration.ofSeconds(30));
  }

  /** The same policy with other backoff times (tests use milliseconds). */
  public ApiPolicy withBackoff(Duration initial, Duration max, Duration openFor) {
    return new ApiPolicy(
        name,
        requestsPerPeriod,
        period,
        maxAttempts,
        initial,
        max,
        requestTimeout,
        failureRatePercent,
        openFor);
  }

  /** The same policy with another number of attempts (1: never retry, for unsafe requests). */
  public ApiPolicy withMaxAttempts(int attempts) {
    return new ApiPolicy(
        name,
        requestsPerPeriod,
        period,
        attempts,
        initialBackoff,
        maxBackoff,
        requestTimeout,
        failureRatePercent,
        openFor);
  }

  /** The same policy with another timeout per request. */
  public ApiPolicy withRequestTimeout(Duration timeout) {
    return new ApiPolicy(
        name,
        requestsPerPeriod,
        period,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        timeout,
        failureRatePercent,
        openFor);
  }
}
