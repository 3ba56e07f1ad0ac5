package io.searchbid.engine.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket per key (API key hash, admin key id): {@code burst} requests at once, refilled at
 * {@code requestsPerSecond}.
 *
 * <p>Kept as the Generic Cell Rate Algorithm, which decides exactly like a token bucket with integer
 * time but stores one {@code long} per key, the "theoretical arrival time" TAT [ITU-T I.371, Annex A;
 * the "virtual scheduling" form]. With emission interval {@code T = 1 s / rate} and tolerance
 * {@code tau = (burst - 1) * T}, a request at {@code now} is admitted iff
 * {@code max(TAT, now) - now <= tau}, and then {@code TAT = max(TAT, now) + T}; a refused request
 * could be admitted {@code max(TAT, now) - tau - now} nanoseconds later and changes nothing.
 *
 * <p>Time comes from an injected {@link Ticker} (tests drive it by hand). Thread-safe and lock-free;
 * the admitted decision allocates nothing once a key is known. Keys whose bucket is full again carry
 * no information and are dropped by {@link #prune()}.
 */
public final class RateLimiter {

  /** A monotonic time source in nanoseconds (e.g. {@code System::nanoTime}). */
  @FunctionalInterface
  public interface Ticker {
    long nanos();
  }

  private final double requestsPerSecond;
  private final int burst;
  private final long intervalNanos;
  private final long toleranceNanos;
  private final Ticker ticker;
  private final ConcurrentHashMap<String, AtomicLong> tat = new ConcurrentHashMap<>();

  /**
   * @param requestsPerSecond sustained rate per key, in (0, 1e9]
   * @param burst requests a key may send at once after being idle, in [1, 1e6]
   * @throws IllegalArgumentException naming the parameter and the rule
   */
  public RateLimiter(double requestsPerSecond, int burst, Ticker ticker) {
    if (!(requestsPerSecond > 0) || requestsPerSecond > 1e9) {
      throw new IllegalArgumentException("requests-per-second must be in (0, 1000000000], got " + requestsPerSecond);
    }
    if (burst < 1 || burst > 1_000_000) {
      throw new IllegalArgumentException("burst must be in [1, 1000000], got " + burst);
    }
    this.requestsPerSecond = requestsPerSecond;
    this.burst = burst;
    this.intervalNanos = Math.max(1, Math.round(1e9 / requestsPerSecond));
    this.toleranceNanos = (burst - 1) * intervalNanos;
    this.ticker = java.util.Objects.requireNonNull(ticker, "ticker");
  }

  public double requestsPerSecond() {
    return requestsPerSecond;
  }

  public int burst() {
    return burst;
  }

  /**
   * Takes one request from {@code key}'s bucket.
   *
   * @return 0 if admitted; otherwise how many nanoseconds until a request of this key would be
   *     admitted (> 0), and nothing was taken
   */
  public long tryAcquire(String key) {
    AtomicLong cell = tat.get(key);
    if (cell == null) {
      cell = tat.computeIfAbsent(key, k -> new AtomicLong(ticker.nanos())); // a full bucket
    }
    while (true) {
      long now = ticker.nanos();
      long stored = cell.get();
      long start = stored - now < 0 ? now : stored; // max(TAT, now), overflow-safe like nanoTime
      long debt = start - now;
      if (debt > toleranceNanos) {
        return debt - toleranceNanos;
      }
      if (cell.compareAndSet(stored, start + intervalNanos)) {
        return 0;
      }
    }
  }

  /** {@code waitNanos} from {@link #tryAcquire} as a {@code Retry-After} value: whole seconds, at least 1. */
  public static long retryAfterSeconds(long waitNanos) {
    return Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
  }

  /**
   * Forgets keys whose bucket has refilled completely (they would be admitted like a new key). A
   * request racing with the removal of its own key may be admitted as if the bucket were full, so a
   * key can get one request more than its burst per prune; call it rarely (e.g. once a minute).
   */
  public void prune() {
    long now = ticker.nanos();
    tat.entrySet().removeIf(e -> e.getValue().get() - now <= 0);
  }

  /** Keys currently remembered (for tests and metrics). */
  public int trackedKeys() {
    return tat.size();
  }
}
