package io.searchbid.engine.http;

/**
 * A request the API refuses, as a value: HTTP status plus the body
 * {@code {"error":{"code","field","message"}}}. {@code field} names the offending input (a JSON
 * path such as {@code keywords[2].maxCpcMicros}, a query parameter, a header) or is null.
 *
 * <p>Thrown as {@link Rejected} from deep inside a handler and turned into a response at the edge;
 * never carries a stack trace to the client.
 *
 * @param retryAfterSeconds when > 0, sent as the {@code Retry-After} header (whole seconds) and as
 *     {@code error.retryAfterSeconds}; 0 = none
 */
public record ApiError(int status, String code, String field, String message, long retryAfterSeconds) {

  public ApiError {
    if (retryAfterSeconds < 0) {
      throw new IllegalArgumentException("retryAfterSeconds must be >= 0, got " + retryAfterSeconds);
    }
  }

  public ApiError(int status, String code, String field, String message) {
    this(status, code, field, message, 0);
  }

  /** 429 {@code rate_limited} with a {@code Retry-After} of {@code retryAfterSeconds} (>= 1). */
  public static ApiError rateLimited(String message, long retryAfterSeconds) {
    return new ApiError(429, "rate_limited", "Authorization", message, Math.max(1, retryAfterSeconds));
  }

  public static ApiError badRequest(String code, String field, String message) {
    return new ApiError(400, code, field, message);
  }

  public static ApiError notFound(String message) {
    return new ApiError(404, "not_found", null, message);
  }

  public static ApiError unauthorized(String message) {
    return new ApiError(401, "unauthorized", "Authorization", message);
  }

  public Rejected toException() {
    return new Rejected(this);
  }

  /** Unchecked carrier of an {@link ApiError}; no stack trace is filled in (it is not a bug). */
  public static final class Rejected extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ApiError error;

    public Rejected(ApiError error) {
      super(error.message(), null, false, false);
      this.error = error;
    }

    public ApiError error() {
      return error;
    }
  }
}
