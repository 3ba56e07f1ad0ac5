package io.searchbid.engine.http;

/**
 * A request the API refuses, as a value: HTTP status plus the body
 * {@code {"error":{"code","field","message"}}}. {@code field} names the offending input (a JSON
 * path such as {@code keywords[2].maxCpcMicros}, a query parameter, a header) or is null.
 *
 * <p>Thrown as {@link Rejected} from deep inside a handler and turned into a response at the edge;
 * never carries a stack trace to the client.
 */
public record ApiError(int status, String code, String field, String message) {

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
