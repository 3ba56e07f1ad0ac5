package io.searchbid.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The per-key limiter on a hand-driven clock, duelled against a plain integer token bucket. */
class RateLimiterTest {

  /** A clock the test moves. */
  static final class ManualTicker implements RateLimiter.Ticker {
    long now = 1_000_000_000_000L;

    @Override
    public long nanos() {
      return now;
    }
  }

  /**
   * The textbook token bucket, in integer "nanotokens" (one request = T): capacity burst*T, refilled
   * by the elapsed nanoseconds, a request takes T. Kept per key; wait = T - level when short.
   */
  static final class ReferenceBucket {
    final long t;
    final long capacity;
    final Map<String, long[]> state = new HashMap<>(); // key -> {level, last}

    ReferenceBucket(long intervalNanos, int burst) {
      this.t = intervalNanos;
      this.capacity = burst * intervalNanos;
    }

    long tryAcquire(String key, long now) {
      long[] s = state.computeIfAbsent(key, k -> new long[] {capacity, now});
      s[0] = Math.min(capacity, s[0] + (now - s[1]));
      s[1] = now;
      if (s[0] >= t) {
        s[0] -= t;
        return 0;
      }
      return t - s[0];
    }
  }

  @Test
  void burstThenRefusal_waitIsOneInterval_thenOneMoreIsAdmitted() {
    ManualTicker clock = new ManualTicker();
    RateLimiter l = new RateLimiter(2, 3, clock); // T = 500 ms
    for (int i = 0; i < 3; i++) {
      assertThat(l.tryAcquire("a")).as("request %d of the burst", i + 1).isZero();
    }
    assertThat(l.tryAcquire("a")).isEqualTo(500_000_000L);
    clock.now += 499_000_000L;
    assertThat(l.tryAcquire("a")).isEqualTo(1_000_000L);
    clock.now += 1_000_000L;
    assertThat(l.tryAcquire("a")).isZero();
    assertThat(l.tryAcquire("a")).isEqualTo(500_000_000L);
  }

  @Test
  void keysAreIndependent() {
    ManualTicker clock = new ManualTicker();
    RateLimiter l = new RateLimiter(1, 2, clock);
    assertThat(l.tryAcquire("a")).isZero();
    assertThat(l.tryAcquire("a")).isZero();
    assertThat(l.tryAcquire("a")).isPositive();
    assertThat(l.tryAcquire("b")).isZero();
    assertThat(l.tryAcquire("b")).isZero();
  }

  @ParameterizedTest(name = "{0} req/s, burst {1}")
  @CsvSource({"1, 1", "2, 3", "20, 100", "0.05, 5", "1000, 10", "3, 7"})
  void duel_sameDecisionsAndWaitsAsAPlainTokenBucket_onSeededRandomArrivals(double rate, int burst) {
    ManualTicker clock = new ManualTicker();
    RateLimiter fast = new RateLimiter(rate, burst, clock);
    long interval = Math.max(1, Math.round(1e9 / rate));
    ReferenceBucket ref = new ReferenceBucket(interval, burst);
    SplittableRandom rnd = new SplittableRandom(Double.hashCode(rate) * 31L + burst);
    String[] keys = {"a", "b", "c"};
    int admitted = 0;
    int refused = 0;
    for (int i = 0; i < 20_000; i++) {
      // mostly faster than the rate (mean gap T/4, so each of the 3 keys is over its rate), at times
      // the same instant, now and then an idle spell long enough to refill a bucket
      int kind = rnd.nextInt(200);
      clock.now += kind == 0 ? rnd.nextLong(2L * burst * interval + 1) : kind < 40 ? 0 : rnd.nextLong(interval / 2 + 1);
      String key = keys[rnd.nextInt(keys.length)];
      long got = fast.tryAcquire(key);
      assertThat(got).as("request %d of key %s at %d", i, key, clock.now).isEqualTo(ref.tryAcquire(key, clock.now));
      if (got == 0) {
        admitted++;
      } else {
        refused++;
      }
      if (i % 997 == 0) {
        fast.prune(); // forgetting full buckets changes no decision
      }
    }
    assertThat(admitted).as("the duel saw admissions").isPositive();
    assertThat(refused).as("the duel saw refusals").isPositive();
  }

  @Test
  void property_inAnyWindow_admittedAtMostBurstPlusRateTimesWindow() {
    ManualTicker clock = new ManualTicker();
    double rate = 5;
    int burst = 4;
    RateLimiter l = new RateLimiter(rate, burst, clock);
    SplittableRandom rnd = new SplittableRandom(7);
    List<Long> admittedAt = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      clock.now += rnd.nextLong(150_000_000L); // mean 75 ms between tries: more than 5/s offered
      if (l.tryAcquire("k") == 0) {
        admittedAt.add(clock.now);
      }
    }
    for (int i = 0; i < admittedAt.size(); i++) {
      for (int j = i; j < admittedAt.size() && j < i + 200; j++) {
        double window = (admittedAt.get(j) - admittedAt.get(i)) / 1e9;
        assertThat(j - i + 1).as("admitted in [%d, %d]", admittedAt.get(i), admittedAt.get(j))
            .isLessThanOrEqualTo(burst + (int) Math.floor(window * rate + 1e-9));
      }
    }
    double seconds = (clock.now - 1_000_000_000_000L) / 1e9;
    assertThat(admittedAt.size()).as("a saturated key gets about the rate").isBetween((int) (seconds * rate * 0.95), (int) (seconds * rate) + burst);
  }

  @Test
  void concurrentRequests_onOneKeyAtOneInstant_admitExactlyTheBurst() throws Exception {
    ManualTicker frozen = new ManualTicker();
    RateLimiter l = new RateLimiter(1, 50, frozen);
    AtomicInteger admitted = new AtomicInteger();
    int threads = 8;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread th = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < 1_000; i++) {
          if (l.tryAcquire("hot") == 0) {
            admitted.incrementAndGet();
          }
        }
      });
      th.start();
      ts.add(th);
    }
    go.countDown();
    for (Thread th : ts) {
      th.join();
    }
    assertThat(admitted.get()).isEqualTo(50);
  }

  @Test
  void prune_forgetsOnlyFullBuckets() {
    ManualTicker clock = new ManualTicker();
    RateLimiter l = new RateLimiter(1, 3, clock);
    l.tryAcquire("idle");
    l.tryAcquire("busy");
    l.tryAcquire("busy");
    clock.now += 1_000_000_000L; // "idle" is full again, "busy" still owes one
    l.prune();
    assertThat(l.trackedKeys()).isEqualTo(1);
    assertThat(l.tryAcquire("busy")).isZero();
    assertThat(l.tryAcquire("busy")).isZero();
    assertThat(l.tryAcquire("busy")).isPositive();
  }

  @Test
  void retryAfterSeconds_roundsUp_atLeastOne() {
    assertThat(RateLimiter.retryAfterSeconds(1)).isEqualTo(1);
    assertThat(RateLimiter.retryAfterSeconds(1_000_000_000L)).isEqualTo(1);
    assertThat(RateLimiter.retryAfterSeconds(1_000_000_001L)).isEqualTo(2);
    assertThat(RateLimiter.retryAfterSeconds(20_000_000_000L)).isEqualTo(20);
  }

  @Test
  void badSettings_areRefusedNamingTheSetting() {
    ManualTicker clock = new ManualTicker();
    assertThatThrownBy(() -> new RateLimiter(0, 1, clock)).hasMessageContaining("requests-per-second");
    assertThatThrownBy(() -> new RateLimiter(Double.NaN, 1, clock)).hasMessageContaining("requests-per-second");
    assertThatThrownBy(() -> new RateLimiter(1, 0, clock)).hasMessageContaining("burst must be in [1, 1000000], got 0");
  }
}
