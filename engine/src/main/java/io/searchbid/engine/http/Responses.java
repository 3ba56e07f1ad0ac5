package io.searchbid.engine.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/** Response builders shared by the route classes. */
public final class Responses {

  private Responses() {}

  public static HttpResponse json(int status, Object body) {
    return HttpResponse.create()
        .withStatus(StatusCodes.get(status))
        .withEntity(ContentTypes.APPLICATION_JSON, Json.write(body));
  }

  public static CompletionStage<HttpResponse> ok(Object body) {
    return CompletableFuture.completedFuture(json(200, body));
  }

  public static HttpResponse error(ApiError e) {
    HttpResponse r = HttpResponse.create()
        .withStatus(StatusCodes.get(e.status()))
        .withEntity(ContentTypes.APPLICATION_JSON, Json.errorBody(e));
    return e.retryAfterSeconds() > 0
        ? r.addHeader(RawHeader.create("Retry-After", Long.toString(e.retryAfterSeconds())))
        : r;
  }

  public static <T> CompletionStage<T> fail(ApiError e) {
    return CompletableFuture.failedFuture(e.toException());
  }
}
