package io.searchbid.engine.http;

import java.util.Map;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * One matched request as a handler sees it: path parameters, query, headers and the whole body
 * (already size-checked and read). Not thread-safe; lives for one request.
 */
public final class Call {

  private final HttpRequest request;
  private final Map<String, String> params;
  private final byte[] body;

  Call(HttpRequest request, Map<String, String> params, byte[] body) {
    this.request = request;
    this.params = params;
    this.body = body;
  }

  public HttpRequest request() {
    return request;
  }

  public String param(String name) {
    return params.get(name);
  }

  public byte[] body() {
    return body;
  }

  public Optional<String> query(String name) {
    return request.getUri().query().get(name);
  }

  public Optional<String> header(String name) {
    return request.getHeader(name).map(h -> h.value());
  }

  /** Optional integer query parameter within [min, max]; 400 naming the parameter otherwise. */
  public int intQuery(String name, int defaultValue, int min, int max) {
    Optional<String> raw = query(name);
    if (raw.isEmpty() || raw.get().isEmpty()) {
      return defaultValue;
    }
    try {
      int v = Integer.parseInt(raw.get());
      if (v < min || v > max) {
        throw ApiError.badRequest("out_of_range", name, name + " must be in [" + min + ", " + max + "], got " + v).toException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("wrong_type", name, name + " must be an integer, got '" + raw.get() + "'").toException();
    }
  }

  /** The bearer token of the Authorization header, if any. */
  public Optional<String> bearer() {
    return header("Authorization")
        .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
        .map(v -> v.substring(7).trim())
        .filter(v -> !v.isEmpty());
  }
}
