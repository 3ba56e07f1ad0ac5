package io.searchbid.engine.http;

import io.searchbid.engine.secrets.Secrets;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Admin-key authentication ({@code Authorization: Bearer <adminKey>}) against the secrets in force,
 * with the admin keys' own rate limit (a bucket per admin key id).
 */
public final class AdminAuth {

  private final Supplier<Secrets> secrets;
  private final RateLimiter limiter;
  private final Metrics metrics;

  /** @param limiter bucket per admin key id, or null for no limit */
  public AdminAuth(Supplier<Secrets> secrets, RateLimiter limiter, Metrics metrics) {
    this.secrets = secrets;
    this.limiter = limiter;
    this.metrics = metrics;
  }

  /**
   * The id of the admin key presented.
   *
   * @throws ApiError.Rejected 401 {@code unauthorized} without a valid admin key, 429
   *     {@code rate_limited} (with {@code Retry-After}) when that key's bucket is empty
   */
  public String check(Call call) {
    return ifAdmin(call).orElseThrow(
        () -> ApiError.unauthorized("admin key required: 'Authorization: Bearer <adminKey>'").toException());
  }

  /**
   * The id of the admin key presented, or empty when the bearer is not an admin key (the caller may
   * then try it as an advertiser's API key). The admin key's rate limit applies as in {@link #check}.
   *
   * @throws ApiError.Rejected 429 {@code rate_limited} when that admin key's bucket is empty
   */
  public Optional<String> ifAdmin(Call call) {
    Optional<String> id = secrets.get().adminKeyId(call.bearer().orElse(null));
    if (id.isPresent() && limiter != null) {
      long waitNanos = limiter.tryAcquire("admin:" + id.get());
      if (waitNanos > 0) {
        metrics.rateLimited.labels("admin_key").inc();
        long seconds = RateLimiter.retryAfterSeconds(waitNanos);
        throw ApiError.rateLimited("rate limit of this admin key exceeded (" + limiter.requestsPerSecond()
            + " requests/s, burst " + limiter.burst() + "); retry after " + seconds + " s", seconds).toException();
      }
    }
    return id;
  }
}
