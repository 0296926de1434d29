package io.github.flinktrader.http;

import java.time.Duration;

/**
 * A call to an external API that did not succeed: an HTTP status the caller must handle, or the
 * retries, the circuit breaker or the rate limit gave up. The message never carries credentials.
 */
public final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final boolean retryable;
  private final Duration retryAfter;

  public ApiException(String message, int status, boolean retryable, Duration retryAfter) {
    super(message);
    this.status = status;
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  public ApiException(String message, Throwable cause) {
    super(message, cause);
    this.status = -1;
    this.retryable = false;
    this.retryAfter = null;
  }

  /** The HTTP status, or -1 when no response was received. */
  public int status() {
    return status;
  }

  /** True for 429, 5xx and transport errors: worth another attempt. */
  public boolean retryable() {
    return retryable;
  }

  /** What the server asked us to wait, when it said. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
