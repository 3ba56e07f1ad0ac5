package io.searchbid.engine.http;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * A small exact-segment router: {@code /v1/campaigns/{id}/keywords} style patterns, where a
 * {@code {name}} segment captures one path segment. Distinguishes "no such path" (404) from "path
 * exists, method does not" (405 with the allowed methods).
 *
 * <p>Immutable after construction; safe to share between threads.
 */
final class Router {

  /** Handles one matched call. Returns a response or throws {@link ApiError.Rejected}. */
  @FunctionalInterface
  interface Handler {
    CompletionStage<org.apache.pekko.http.javadsl.model.HttpResponse> handle(Call call);
  }

  /** One route: method, pattern, a stable name for metrics, and whether it reads a body. */
  record Route(String method, String[] segments, String name, boolean readsBody, Handler handler) {}

  sealed interface Match {}

  record Found(Route route, Map<String, String> params) implements Match {}

  record MethodNotAllowed(Set<String> allowed) implements Match {}

  record NotFound() implements Match {}

  private final List<Route> routes = new ArrayList<>();

  Router add(String method, String pattern, boolean readsBody, Handler handler) {
    String[] segments = split(pattern);
    routes.add(new Route(method, segments, pattern, readsBody, handler));
    return this;
  }

  Match match(String method, String path) {
    String[] parts = split(path);
    Set<String> allowed = new LinkedHashSet<>();
    for (Route r : routes) {
      Map<String, String> params = bind(r.segments(), parts);
      if (params == null) {
        continue;
      }
      if (r.method().equals(method)) {
        return new Found(r, params);
      }
      allowed.add(r.method());
    }
    return allowed.isEmpty() ? new NotFound() : new MethodNotAllowed(allowed);
  }

  private static Map<String, String> bind(String[] pattern, String[] parts) {
    if (pattern.length != parts.length) {
      return null;
    }
    Map<String, String> params = null;
    for (int i = 0; i < pattern.length; i++) {
      String p = pattern[i];
      if (p.startsWith("{") && p.endsWith("}")) {
        if (parts[i].isEmpty()) {
          return null;
        }
        if (params == null) {
          params = new java.util.HashMap<>(4);
        }
        params.put(p.substring(1, p.length() - 1), parts[i]);
      } else if (!p.equals(parts[i])) {
        return null;
      }
    }
    return params == null ? Map.of() : params;
  }

  private static String[] split(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.isEmpty() ? new String[0] : p.split("/", -1);
  }
}
