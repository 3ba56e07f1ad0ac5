package io.searchbid.auction;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Probabilistic throttling driven by spend versus plan [after Agarwal, Ghosh, Wei &amp; Zhang,
 * "Budget pacing for targeted online advertisements at LinkedIn", KDD 2014].
 *
 * <p>Each campaign has a pass-through rate {@code r ∈ [0.01, 1]}, starting at 1. The plan at time t
 * is {@code plan(t) = budget × s(t)}, where {@code s(t)} is the fraction of the day's expected
 * traffic passed by t ({@link TrafficCurve#elapsedDayShare}). Once per interval (default 10 minutes
 * of auction time; the first auction of a campaign in a new interval triggers it) the rate is
 * updated from the ratio {@code x = spent / plan(t)}:
 * <ul>
 *   <li>{@code x > 1.1} (ahead of plan): {@code r ← max(0.01, r × max(0.5, 1/x))};
 *   <li>{@code x < 0.9} (behind plan): {@code r ← min(1, r × min(2, max(1.1, 1/x)))};
 *   <li>otherwise unchanged.
 * </ul>
 * Before {@code s(t) ≥ 0.5 %} of the day nothing is updated. The rate carries over from one day to
 * the next (yesterday's rate is the best guess for today). A campaign enters an auction iff {@code
 * u < r}, where {@code u ∈ [0,1)} is a hash of (seed, auction id, campaign id): deterministic,
 * independent of the order auctions run in, and the same for every node that runs the same auction.
 */
public final class ThrottlingPacer implements Pacer {
  public static final long DEFAULT_INTERVAL_MILLIS = 10 * 60_000L;
  static final double MIN_RATE = 0.01;

  private final TrafficCurve curve;
  private final long seed;
  private final long intervalMillis;
  private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();

  /** Written under its own lock; read without it (both fields volatile, each read on its own). */
  static final class State {
    /** The pacer holding this state (an auction caches states per campaign and checks the owner). */
    final ThrottlingPacer owner;
    volatile double rate = 1.0;
    volatile long interval = Long.MIN_VALUE;

    State(ThrottlingPacer owner) {
      this.owner = owner;
    }
  }

  ThrottlingPacer(TrafficCurve curve, long seed, long intervalMillis) {
    this.curve = curve;
    this.seed = seed;
    this.intervalMillis = Checks.positive(intervalMillis, "intervalMillis", "");
  }

  @Override
  public boolean admit(Campaign campaign, long spentMicros, long epochMillis, long auctionId) {
    return admit(state(campaign.campaignId()), campaign, spentMicros, epochMillis, auctionId);
  }

  /** The campaign's state (created once, never removed, so callers may cache it). */
  State state(String campaignId) {
    State s = states.get(campaignId);
    return s != null ? s : states.computeIfAbsent(campaignId, id -> new State(this));
  }

  boolean admit(State s, Campaign campaign, long spentMicros, long epochMillis, long auctionId) {
    long interval = Math.floorDiv(epochMillis, intervalMillis);
    if (interval != s.interval) {
      synchronized (s) {
        if (interval != s.interval) { // first auction of the campaign in this interval updates
          update(s, campaign.dailyBudgetMicros(), spentMicros, epochMillis);
          s.interval = interval;
        }
      }
    }
    double rate = s.rate;
    return rate >= 1.0 || uniform(auctionId, campaign.campaignId().hashCode()) < rate;
  }

  private void update(State s, long budgetMicros, long spentMicros, long epochMillis) {
    double share = curve.elapsedDayShare(epochMillis);
    if (share < 0.005) {
      return;
    }
    double x = spentMicros / (budgetMicros * share);
    if (x > 1.1) {
      s.rate = Math.max(MIN_RATE, s.rate * Math.max(0.5, 1 / x));
    } else if (x < 0.9) {
      s.rate = Math.min(1.0, s.rate * (x <= 0 ? 2.0 : Math.min(2.0, Math.max(1.1, 1 / x))));
    }
  }

  /** Current pass-through rate of a campaign (1 if never seen). */
  public double rate(String campaignId) {
    State s = states.get(campaignId);
    return s == null ? 1.0 : s.rate;
  }

  private double uniform(long auctionId, int campaignHash) {
    long z = seed ^ (auctionId * 0x9E3779B97F4A7C15L) ^ ((long) campaignHash << 17);
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L; // SplitMix64 finaliser (Steele et al. 2014)
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    z ^= z >>> 31;
    return (z >>> 11) * 0x1.0p-53;
  }
}
