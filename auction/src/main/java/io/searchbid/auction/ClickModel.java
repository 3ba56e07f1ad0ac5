package io.searchbid.auction;

import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Click prediction and quality.
 *
 * <h2>Predicted CTR</h2>
 * Clicks depend on the slot (position bias) as much as on the ad. Each impression in slot j counts as
 * {@code bias_j = clickRate_j / clickRate_1} "position-normalised impressions" (the expected clicks
 * of that impression relative to the top slot; the examination hypothesis). For a group of
 * impressions with {@code c} clicks and {@code e = Σ bias_j} normalised impressions, the top-slot CTR
 * is estimated with Beta–Binomial smoothing toward a prior {@code p0} worth {@code m} pseudo
 * impressions:
 *
 * <pre>  ctr = (c + m·p0) / (e + m)</pre>
 *
 * which equals {@code p0 × COEC'} with the smoothed clicks-over-expected-clicks ratio {@code COEC' =
 * (c + m·p0) / ((e + m)·p0)} [Zhang &amp; Jones 2007, "Clicks over expected clicks"; Chapelle &amp;
 * Zhang 2009 on position-bias click models]. The prior chain is global → category → keyword text →
 * (ad group, keyword): each level's smoothed estimate is the next level's prior, so a new ad starts at
 * its keyword's average (or its category's, or the global prior), never at 0 or 1. The predicted CTR
 * in slot j is {@code ctr × bias_j}.
 *
 * <h2>Quality</h2>
 * {@code quality = ctr × relevance}, where {@code relevance = matchFactor × (0.5 + 0.5 ×
 * keywordTokens / queryTokens)} with match factors EXACT 1.0, PHRASE 0.9, BROAD 0.75. So {@code
 * adRank = bid × quality} is the expected micros per impression in the top slot, discounted by
 * relevance.
 *
 * <p>Thread-safe: each key's counts sit in a cell under a sequence lock (lock-free reads, see {@link
 * Cell}); cells are created once per key in concurrent maps and never removed.
 */
public final class ClickModel {
  /** Default prior CTR when nothing is known (2 %). */
  public static final double DEFAULT_PRIOR_CTR = 0.02;
  /** Default prior strength in position-normalised impressions. */
  public static final double DEFAULT_PRIOR_IMPRESSIONS = 200;

  private final double globalPrior;
  private final double strength;
  private final double[] bias;
  private final Cell global = new Cell();
  private final ConcurrentHashMap<String, Cell> byCategory = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Cell> byKeyword = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, AdCell> byAd = new ConcurrentHashMap<>();

  /**
   * One key's counts: clicks and position-normalised impressions, created once per key and never
   * removed. Writers take the cell's lock; readers take none and retry if a write overlapped their
   * read (a sequence lock: the same optimistic-read protocol as {@link
   * java.util.concurrent.locks.StampedLock#tryOptimisticRead}). The counts live in the cell itself,
   * so a read costs one object and a write allocates nothing.
   */
  static class Cell {
    private volatile long seq; // odd while a write is in progress
    private double clicks;
    private double impressions;

    synchronized void add(double c, double e) {
      long s = seq;
      seq = s + 1;
      VarHandle.storeStoreFence(); // the counts' stores stay after the odd sequence number
      clicks += c;
      impressions += e;
      seq = s + 2; // volatile store: the counts' stores stay before it
    }

    /** {@code (clicks + m·prior) / (impressions + m)} on a consistent pair of counts. */
    double smoothed(double prior, double m) {
      while (true) {
        long s = seq;
        double c = clicks;
        double e = impressions;
        if (unchangedSince(s)) {
          return (c + m * prior) / (e + m);
        }
      }
    }

    /** A consistent copy of the counts. */
    Counts counts() {
      while (true) {
        long s = seq;
        double c = clicks;
        double e = impressions;
        if (unchangedSince(s)) {
          return new Counts(c, e);
        }
      }
    }

    /**
     * Whether the counts just read (after reading {@code s} from {@code seq}) are a consistent pair:
     * no write was in progress at {@code s} and none started since. Spins a little when not.
     */
    private boolean unchangedSince(long s) {
      VarHandle.loadLoadFence(); // the counts' loads stay before the second read of seq
      if ((s & 1) == 0 && s == seq) {
        return true;
      }
      Thread.onSpinWait();
      return false;
    }
  }

  /**
   * The cell of one (ad group, keyword), linked to its category's and keyword text's cells so the
   * auction reaches the whole prior chain from the one object cached on its {@link IndexedKeyword}.
   */
  static final class AdCell extends Cell implements AdStats {
    final ClickModel owner;
    volatile Cell category;
    volatile Cell keyword;

    AdCell(ClickModel owner, Cell category, Cell keyword) {
      this.owner = owner;
      this.category = category;
      this.keyword = keyword;
    }

    /** Points the chain at the ad group's current category and keyword cells. */
    void link(Cell category, Cell keyword) {
      if (this.category != category) {
        this.category = category;
      }
      if (this.keyword != keyword) {
        this.keyword = keyword;
      }
    }
  }

  /** The statistics of one (ad group, keyword), resolved once by {@link #stats}; record through it without key lookups. */
  public sealed interface AdStats permits AdCell {}

  /**
   * The statistics of an (ad group, keyword) of {@code category}, for callers that record many
   * impressions of the same ad ({@link #record(AdStats, int, int)}); same keys as {@link #record(String,
   * String, String, int, int)}.
   */
  public AdStats stats(String category, String keywordText, String statsKey) {
    return adCell(category, keywordText, statsKey);
  }

  /** {@link #record(String, String, String, int, int)} through resolved {@link #stats}. */
  public void record(AdStats stats, int slot, int clicks) {
    record((AdCell) stats, slot, clicks);
  }

  /** The keyword's cell in this model, resolved and cached on the keyword on first use. */
  AdCell cells(IndexedKeyword k) {
    AdCell c = k.clickCells;
    if (c == null || c.owner != this) {
      c = adCell(k.adGroup.category(), k.normalizedText, k.statsKey);
      k.clickCells = c;
    }
    return c;
  }

  private AdCell adCell(String category, String keywordText, String statsKey) {
    Cell cat = cell(byCategory, category);
    Cell kw = cell(byKeyword, keywordText);
    AdCell a = byAd.get(statsKey);
    if (a == null) {
      a = byAd.computeIfAbsent(statsKey, x -> new AdCell(this, cat, kw));
    }
    a.link(cat, kw);
    return a;
  }

  private static Cell cell(ConcurrentHashMap<String, Cell> map, String key) {
    Cell c = map.get(key);
    return c != null ? c : map.computeIfAbsent(key, x -> new Cell());
  }

  /** Click counts: clicks and position-normalised impressions. */
  record Counts(double clicks, double normalizedImpressions) {}

  /**
   * @param priorCtr global prior top-slot CTR in (0, 1)
   * @param priorImpressions prior strength m, > 0
   * @param slotClickRates click rate per slot (non-increasing, first > 0), used for position bias
   */
  public ClickModel(double priorCtr, double priorImpressions, double[] slotClickRates) {
    if (!(priorCtr > 0 && priorCtr < 1)) {
      throw new IllegalArgumentException("priorCtr must be within (0, 1), got " + priorCtr);
    }
    if (!(priorImpressions > 0)) {
      throw new IllegalArgumentException("priorImpressions must be > 0, got " + priorImpressions);
    }
    if (slotClickRates.length == 0 || !(slotClickRates[0] > 0)) {
      throw new IllegalArgumentException("slotClickRates must be non-empty with slotClickRates[0] > 0");
    }
    this.globalPrior = priorCtr;
    this.strength = priorImpressions;
    this.bias = new double[slotClickRates.length];
    for (int i = 0; i < bias.length; i++) {
      bias[i] = slotClickRates[i] / slotClickRates[0];
    }
  }

  /** Default prior (2 %, 200 impressions) for the given slot click rates. */
  public static ClickModel withDefaults(double[] slotClickRates) {
    return new ClickModel(DEFAULT_PRIOR_CTR, DEFAULT_PRIOR_IMPRESSIONS, slotClickRates);
  }

  /** Position bias of slot {@code slot} (1-based) relative to slot 1; slots past the end use the last. */
  public double positionBias(int slot) {
    return bias[Math.min(slot, bias.length) - 1];
  }

  /** Predicted top-slot CTR of an ad group on a keyword, in (0, 1). No allocation after the first call. */
  public double pctr(IndexedKeyword k) {
    AdCell a = k.clickCells;
    if (a == null || a.owner != this) {
      a = cells(k);
    }
    return pctr(a, globalCtr());
  }

  /** The smoothed global CTR, the root of every prior chain (an auction reads it once for all its candidates). */
  double globalCtr() {
    return global.smoothed(globalPrior, strength);
  }

  /** {@link #pctr(IndexedKeyword)} of a resolved cell, given {@link #globalCtr()}. */
  double pctr(AdCell a, double globalCtr) {
    double p = a.category.smoothed(globalCtr, strength);
    p = a.keyword.smoothed(p, strength);
    return a.smoothed(p, strength);
  }

  /** Predicted top-slot CTR from the prior chain (category may be empty). */
  public double pctr(String category, String keywordText, String statsKey) {
    double p = global.smoothed(globalPrior, strength);
    Cell c = byCategory.get(category);
    p = c == null ? unseen(p) : c.smoothed(p, strength);
    Cell k = byKeyword.get(keywordText);
    p = k == null ? unseen(p) : k.smoothed(p, strength);
    Cell a = byAd.get(statsKey);
    return a == null ? unseen(p) : a.smoothed(p, strength);
  }

  /** A key with no counts yet: the smoothing formula with zero counts (the same rounding as a cell's). */
  private double unseen(double prior) {
    return (0 + strength * prior) / (0 + strength);
  }

  /** Relevance in (0, 1] of a keyword of {@code keywordTokens} tokens matched on a query of {@code queryTokens}. */
  public static double relevance(MatchType type, int keywordTokens, int queryTokens) {
    return relevance(matchFactor(type), keywordTokens, queryTokens);
  }

  /** The match-type factor of {@link #relevance(MatchType, int, int)}. */
  static double matchFactor(MatchType type) {
    return switch (type) {
      case EXACT -> 1.0;
      case PHRASE -> 0.9;
      case BROAD -> 0.75;
    };
  }

  static double relevance(double factor, int keywordTokens, int queryTokens) {
    double coverage = queryTokens <= 0 ? 1.0 : Math.min(1.0, keywordTokens / (double) queryTokens);
    return factor * (0.5 + 0.5 * coverage);
  }

  /** Quality = pCTR × relevance. */
  public double quality(IndexedKeyword k, int queryTokens) {
    return pctr(k) * relevance(k.matchType(), k.tokenCount(), queryTokens);
  }

  /** Records one impression of the keyword's ad in slot {@code slot} (1-based). */
  public void recordImpression(IndexedKeyword k, int slot) {
    record(cells(k), slot, 0);
  }

  /** Records one click on the keyword's ad shown in slot {@code slot}. */
  public void recordClick(IndexedKeyword k, int slot) {
    record(cells(k), slot, 1);
  }

  private void record(AdCell a, int slot, int clicks) {
    double e = clicks == 0 ? positionBias(slot) : 0;
    global.add(clicks, e);
    a.category.add(clicks, e);
    a.keyword.add(clicks, e);
    a.add(clicks, e);
  }

  /**
   * Records impressions-or-clicks by key: {@code clicks = 0} is one impression in {@code slot},
   * {@code clicks = 1} one click (its impression must be recorded separately).
   */
  public void record(String category, String keywordText, String statsKey, int slot, int clicks) {
    record(adCell(category, keywordText, statsKey), slot, clicks);
  }

  /** Observed clicks over expected clicks (unsmoothed) of an (ad group, keyword), NaN if unseen. */
  public double coec(String statsKey) {
    AdCell cell = byAd.get(statsKey);
    Counts a = cell == null ? new Counts(0, 0) : cell.counts();
    return a.normalizedImpressions == 0 ? Double.NaN : a.clicks / (a.normalizedImpressions * globalPrior);
  }
}
