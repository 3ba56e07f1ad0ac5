package io.searchbid.auction;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

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
 * <p>Thread-safe: statistics are immutable values swapped atomically in concurrent maps.
 */
public final class ClickModel {
  /** Default prior CTR when nothing is known (2 %). */
  public static final double DEFAULT_PRIOR_CTR = 0.02;
  /** Default prior strength in position-normalised impressions. */
  public static final double DEFAULT_PRIOR_IMPRESSIONS = 200;

  private final double globalPrior;
  private final double strength;
  private final double[] bias;
  private volatile Counts global = Counts.ZERO;
  private final ConcurrentHashMap<String, Cell> byCategory = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Cell> byKeyword = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Cell> byAd = new ConcurrentHashMap<>();

  /** Mutable holder of one key's immutable counts; created once per key, never removed. */
  static final class Cell extends AtomicReference<Counts> {
    private static final long serialVersionUID = 1L;

    Cell() {
      super(Counts.ZERO);
    }

    void add(double c, double e) {
      Counts cur;
      do {
        cur = get();
      } while (!compareAndSet(cur, cur.plus(c, e)));
    }
  }

  /** The three cells of one (ad group, keyword), cached on its {@link IndexedKeyword}. */
  static final class KeyCells {
    final ClickModel owner;
    final Cell category;
    final Cell keyword;
    final Cell ad;

    KeyCells(ClickModel owner, Cell category, Cell keyword, Cell ad) {
      this.owner = owner;
      this.category = category;
      this.keyword = keyword;
      this.ad = ad;
    }
  }

  private KeyCells cells(IndexedKeyword k) {
    KeyCells c = k.clickCells;
    if (c == null || c.owner != this) {
      c = new KeyCells(this, cell(byCategory, k.adGroup.category()), cell(byKeyword, k.normalizedText),
          cell(byAd, k.statsKey));
      k.clickCells = c;
    }
    return c;
  }

  private static Cell cell(ConcurrentHashMap<String, Cell> map, String key) {
    Cell c = map.get(key);
    return c != null ? c : map.computeIfAbsent(key, x -> new Cell());
  }

  /** Click counts: clicks and position-normalised impressions. */
  record Counts(double clicks, double normalizedImpressions) {
    static final Counts ZERO = new Counts(0, 0);

    Counts plus(double c, double e) {
      return new Counts(clicks + c, normalizedImpressions + e);
    }

    double smoothed(double prior, double m) {
      return (clicks + m * prior) / (normalizedImpressions + m);
    }
  }

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
    KeyCells c = cells(k);
    double p = global.smoothed(globalPrior, strength);
    p = c.category.get().smoothed(p, strength);
    p = c.keyword.get().smoothed(p, strength);
    return c.ad.get().smoothed(p, strength);
  }

  /** Predicted top-slot CTR from the prior chain (category may be empty). */
  public double pctr(String category, String keywordText, String statsKey) {
    double p = global.smoothed(globalPrior, strength);
    Cell c = byCategory.get(category);
    p = (c == null ? Counts.ZERO : c.get()).smoothed(p, strength);
    Cell k = byKeyword.get(keywordText);
    p = (k == null ? Counts.ZERO : k.get()).smoothed(p, strength);
    Cell a = byAd.get(statsKey);
    return (a == null ? Counts.ZERO : a.get()).smoothed(p, strength);
  }

  /** Relevance in (0, 1] of a keyword of {@code keywordTokens} tokens matched on a query of {@code queryTokens}. */
  public static double relevance(MatchType type, int keywordTokens, int queryTokens) {
    double factor = switch (type) {
      case EXACT -> 1.0;
      case PHRASE -> 0.9;
      case BROAD -> 0.75;
    };
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

  private void record(KeyCells c, int slot, int clicks) {
    double e = clicks == 0 ? positionBias(slot) : 0;
    synchronized (this) {
      global = global.plus(clicks, e);
    }
    c.category.add(clicks, e);
    c.keyword.add(clicks, e);
    c.ad.add(clicks, e);
  }

  /**
   * Records impressions-or-clicks by key: {@code clicks = 0} is one impression in {@code slot},
   * {@code clicks = 1} one click (its impression must be recorded separately).
   */
  public void record(String category, String keywordText, String statsKey, int slot, int clicks) {
    double e = clicks == 0 ? positionBias(slot) : 0;
    synchronized (this) {
      global = global.plus(clicks, e);
    }
    cell(byCategory, category).add(clicks, e);
    cell(byKeyword, keywordText).add(clicks, e);
    cell(byAd, statsKey).add(clicks, e);
  }

  /** Observed clicks over expected clicks (unsmoothed) of an (ad group, keyword), NaN if unseen. */
  public double coec(String statsKey) {
    Cell cell = byAd.get(statsKey);
    Counts a = cell == null ? Counts.ZERO : cell.get();
    return a.normalizedImpressions == 0 ? Double.NaN : a.clicks / (a.normalizedImpressions * globalPrior);
  }
}
