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
  private final String body;

  public ApiException(String message, int status, boolean retryable, Duration retryAfter) {
    this(message, status, retryable, retryAfter, null);
  }

  /** With the response body, for APIs that explain a refusal there (at most 1,000 characters). */
  public ApiException(
      String message, int status, boolean retryable, Duration retryAfter, String body) {
    super(message);
    this.status = status;
    this.retryable = retryable;
    this.retryAfter = retryAfter;
    this.body = body == null ? null : body.substring(0, Math.min(body.length(), 1000));
  }

  public ApiException(String message, Throwable cause) {
    super(message, cause);
    this.status = -1;
    this.retryable = false;
    this.retryAfter = null;
    this.body = null;
  }

  /** The body of the refusing response, or null. */
  public String body() {
    return body;
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
