package io.searchbid.engine.http;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.Allow;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front: routing, body size limit, error mapping and per-route metrics around the route
 * groups. Every refusal is a JSON {@link ApiError}; an unexpected exception is logged and answered
 * 500 with a generic message (no stack trace leaves the process).
 */
public final class HttpServer {

  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

  /** A group of routes registering itself on the router. */
  public interface Routes {
    void register(Router router);
  }

  private final ActorSystem<?> system;
  private final Materializer materializer;
  private final Router router = new Router();
  private final Metrics metrics;
  private final long maxBodyBytes;
  private final Duration bodyTimeout;
  private volatile ServerBinding binding;

  public HttpServer(ActorSystem<?> system, Metrics metrics, long maxBodyBytes, List<Routes> groups) {
    this.system = system;
    this.materializer = Materializer.matFromSystem(system);
    this.metrics = metrics;
    this.maxBodyBytes = maxBodyBytes;
    this.bodyTimeout = Duration.ofSeconds(10);
    for (Routes g : groups) {
      g.register(router);
    }
  }

  /** Binds to host:port (0 = ephemeral) and blocks until bound; returns the bound address. */
  public InetSocketAddress bind(String host, int port) {
    try {
      binding = Http.get(system).newServerAt(host, port).bind(this::handle).toCompletableFuture().get(30, TimeUnit.SECONDS);
      binding.addToCoordinatedShutdown(Duration.ofSeconds(10), system);
      return binding.localAddress();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding " + host + ":" + port, e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot bind " + host + ":" + port + ": " + e.getCause(), e);
    }
  }

  /** Stops accepting connections and waits up to {@code deadline} for in-flight requests. */
  public void unbind(Duration deadline) {
    ServerBinding b = binding;
    if (b != null) {
      b.terminate(deadline).toCompletableFuture().join();
    }
  }

  CompletionStage<HttpResponse> handle(HttpRequest request) {
    long startNanos = System.nanoTime();
    String method = request.method().value();
    String path = request.getUri().path();
    Router.Match match = router.match(method, path);
    String routeName;
    CompletionStage<HttpResponse> response;
    switch (match) {
      case Router.Found f -> {
        routeName = f.route().name();
        response = dispatch(request, f);
      }
      case Router.MethodNotAllowed m -> {
        routeName = "unmatched";
        request.discardEntityBytes(materializer);
        HttpResponse r = Responses.error(new ApiError(405, "method_not_allowed", null,
            method + " is not allowed on " + path + "; allowed: " + String.join(", ", m.allowed())));
        response = CompletableFuture.completedFuture(r.addHeader(Allow.create(m.allowed().stream()
            .map(x -> HttpMethods.lookup(x).orElseThrow()).toArray(org.apache.pekko.http.javadsl.model.HttpMethod[]::new))));
      }
      case Router.NotFound n -> {
        routeName = "unmatched";
        request.discardEntityBytes(materializer);
        response = CompletableFuture.completedFuture(Responses.error(ApiError.notFound("no route for " + method + " " + path)));
      }
    }
    String name = routeName;
    return response.handle((r, err) -> {
      HttpResponse out = r != null ? r : toResponse(err, method, path);
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      metrics.requestSeconds.labels(name).observe(seconds);
      metrics.requests.labels(name, method, Integer.toString(out.status().intValue())).inc();
      return out;
    });
  }

  private CompletionStage<HttpResponse> dispatch(HttpRequest request, Router.Found f) {
    try {
      if (!f.route().readsBody()) {
        request.discardEntityBytes(materializer);
        return f.route().handler().handle(new Call(request, f.params(), new byte[0]));
      }
      HttpEntity entity = request.entity();
      if (entity.getContentLengthOption().isPresent() && entity.getContentLengthOption().getAsLong() > maxBodyBytes) {
        request.discardEntityBytes(materializer);
        return Responses.fail(tooLarge());
      }
      return entity.getDataBytes()
          .limitWeighted(maxBodyBytes, (ByteString b) -> (long) b.size())
          .runWith(Sink.<ByteString, ByteString>fold(ByteString.emptyByteString(), (acc, b) -> acc.concat(b)), materializer)
          .exceptionally(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof org.apache.pekko.stream.StreamLimitReachedException
                || cause instanceof org.apache.pekko.http.scaladsl.model.EntityStreamSizeException) {
              throw tooLarge().toException(); // a chunked body (no Content-Length) went past the limit
            }
            throw cause instanceof RuntimeException re ? re : new CompletionException(cause);
          })
          .thenCompose(bytes -> f.route().handler().handle(new Call(request, f.params(), bytes.toArray())));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private ApiError tooLarge() {
    return new ApiError(413, "body_too_large", null, "request body exceeds the limit of " + maxBodyBytes
        + " bytes (searchbid.http.max-body-bytes); send less, e.g. split a bulk upload");
  }

  private HttpResponse toResponse(Throwable err, String method, String path) {
    Throwable e = err;
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof ApiError.Rejected r) {
      return Responses.error(r.error());
    }
    if (e instanceof java.util.concurrent.TimeoutException || e instanceof org.apache.pekko.pattern.AskTimeoutException) {
      LOG.warn("timeout on {} {}", method, path);
      return Responses.error(new ApiError(503, "timeout", null, "the service did not answer in time; retry"));
    }
    LOG.error("unexpected error on {} {}", method, path, e);
    return Responses.error(new ApiError(500, "internal", null, "internal error; see the server log"));
  }
}
