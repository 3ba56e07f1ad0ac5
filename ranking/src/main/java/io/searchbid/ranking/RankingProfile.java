package io.searchbid.ranking;

/**
 * How the organic score blends text relevance with commerce signals.
 *
 * <h2>Formula</h2>
 *
 * For a query q, the candidates are the top {@link #candidates()} = N documents by Lucene BM25
 * (k1 = 1.2, b = 0.75; ties broken by write order: written earlier first), after filters. Each
 * candidate d gets
 *
 * <pre>
 *   score(d) = bm25(q, d) × exp( wCtr    · ln(ctr~ / ctrPrior)
 *                              + wCvr    · ln(cvr~ / cvrPrior)
 *                              + wSales  · ln(1 + v)
 *                              + wRating · (rating~ − ratingPrior)
 *                              − wPrice  · clamp(ln(price / medianPrice(category)), ±priceClamp) )
 *
 *   ctr~    = (clicks + ctrPrior·ctrStrength) / (impressions + ctrStrength)        Beta-prior mean
 *   cvr~    = min(1, (orders + cvrPrior·cvrStrength) / (clicks + cvrStrength))     Beta-prior mean
 *   v       = salesRecentShare · sales7d/7 + (1 − salesRecentShare) · sales30d/30  units per day
 *   rating~ = (ratingPrior·ratingStrength + rating·reviewCount) / (ratingStrength + reviewCount)
 * </pre>
 *
 * and the candidates are sorted by score (descending), ties by BM25 order. Pages are cut from that
 * list, so a page must end within the first N.
 *
 * <h2>Why this shape</h2>
 *
 * <ul>
 *   <li><b>Multiplicative</b>: commerce signals scale relevance instead of adding to it, so a
 *       best-seller cannot outrank a product that matches the query far better unless its signals
 *       are extreme; BM25 scales with query length and the multipliers do not need re-tuning per
 *       query. Each term is a power law ({@code (ctr~/ctrPrior)^wCtr}), so a weight reads as an
 *       elasticity: wCtr = 0.3 means a product with twice the prior CTR gets 2^0.3 ≈ 1.23×.
 *   <li><b>Smoothed rates</b>: a Beta(α, β) prior with mean {@code ctrPrior} and strength α + β =
 *       {@code ctrStrength} pseudo-impressions; a new product sits exactly at the prior (multiplier 1)
 *       instead of at CTR 0, and 3 clicks out of 10 impressions do not make it a star (the empirical
 *       Bayes smoothing used for ad CTR, e.g. Chakrabarti et al., WWW 2008).
 *   <li><b>Sales velocity in log</b>: sales are heavy-tailed; log1p keeps a best-seller selling 1000/day
 *       from burying everything (1000/day → ×2.8 with wSales = 0.15) while a first sale still counts.
 *       The 7-day rate dominates (recent share 0.7) so a launch or a price change shows within days.
 *   <li><b>Bayesian average rating</b> (IMDb-style): rating shrinks towards {@code ratingPrior} with
 *       {@code ratingStrength} phantom reviews, so one 5-star review moves little; each star above the
 *       prior is worth exp(wRating) ≈ 1.35×.
 *   <li><b>Price vs. category median</b>: half the median price → exp(0.2·ln 2) ≈ 1.15×, twice the
 *       median → 0.87×; clamped so a ¥0.01 loss-leader does not jump arbitrarily far.
 * </ul>
 *
 * Every multiplier is non-decreasing in sales, CTR (fewer impressions for the same clicks, or more
 * clicks for the same impressions with CVR held), CVR and rating, so improving a signal never lowers a
 * product's rank for a query, other things equal (a tested property). Immutable and thread-safe.
 *
 * @param candidates N, the BM25 window that is re-scored, {@code >= 1}
 * @param blend false = plain BM25 ranking (the baseline; candidates and weights are ignored)
 * @param wCtr weight (elasticity) of the smoothed CTR, {@code >= 0}
 * @param wCvr weight of the smoothed CVR, {@code >= 0}
 * @param wSales weight of log sales velocity, {@code >= 0}
 * @param wRating weight per star of the Bayesian-average rating, {@code >= 0}
 * @param wPrice weight of log price relative to the category median, {@code >= 0}
 * @param ctrPrior prior mean CTR, in (0, 1)
 * @param ctrStrength prior strength in pseudo-impressions, {@code > 0}
 * @param cvrPrior prior mean CVR, in (0, 1)
 * @param cvrStrength prior strength in pseudo-clicks, {@code > 0}
 * @param salesRecentShare share of the 7-day rate in the velocity, in [0, 1]
 * @param ratingPrior prior mean rating, in [0, 5]
 * @param ratingStrength prior strength in pseudo-reviews, {@code > 0}
 * @param priceClamp bound of |ln(price/median)|, {@code > 0}
 */
public record RankingProfile(
    int candidates,
    boolean blend,
    double wCtr,
    double wCvr,
    double wSales,
    double wRating,
    double wPrice,
    double ctrPrior,
    double ctrStrength,
    double cvrPrior,
    double cvrStrength,
    double salesRecentShare,
    double ratingPrior,
    double ratingStrength,
    double priceClamp) {

  /**
   * Default candidate window N = 100: 10 pages of 10. Measured on a 200k-product catalog with the
   * WANDS queries, collecting the BM25 top-200 cost about 1.6× the plain top-10 query and the top-100
   * about 1.3×; the blend itself is one array read per candidate (docs/RANKING.md).
   */
  public static final int DEFAULT_CANDIDATES = 100;

  public RankingProfile {
    if (candidates < 1) {
      throw new IllegalArgumentException("candidates must be >= 1, got " + candidates);
    }
    nonNegative("wCtr", wCtr);
    nonNegative("wCvr", wCvr);
    nonNegative("wSales", wSales);
    nonNegative("wRating", wRating);
    nonNegative("wPrice", wPrice);
    openUnit("ctrPrior", ctrPrior);
    positive("ctrStrength", ctrStrength);
    openUnit("cvrPrior", cvrPrior);
    positive("cvrStrength", cvrStrength);
    if (!(salesRecentShare >= 0 && salesRecentShare <= 1)) {
      throw new IllegalArgumentException("salesRecentShare must be in [0, 1], got " + salesRecentShare);
    }
    if (!(ratingPrior >= 0 && ratingPrior <= 5)) {
      throw new IllegalArgumentException("ratingPrior must be in [0, 5], got " + ratingPrior);
    }
    positive("ratingStrength", ratingStrength);
    positive("priceClamp", priceClamp);
  }

  /**
   * The defaults: CTR prior 2% over 200 impressions, CVR prior 5% over 40 clicks, rating prior 4.0 over
   * 10 reviews; weights CTR 0.3, CVR 0.2, sales 0.15, rating 0.3/star, price 0.2, price clamp ln 4;
   * N = {@value #DEFAULT_CANDIDATES}.
   */
  public static RankingProfile defaults() {
    return new RankingProfile(
        DEFAULT_CANDIDATES, true, 0.3, 0.2, 0.15, 0.3, 0.2, 0.02, 200, 0.05, 40, 0.7, 4.0, 10,
        Math.log(4));
  }

  /** Plain BM25, no commerce signals: the baseline the blended profile is measured against. */
  public static RankingProfile bm25Only() {
    return new RankingProfile(
        DEFAULT_CANDIDATES, false, 0, 0, 0, 0, 0, 0.02, 200, 0.05, 40, 0.7, 4.0, 10, Math.log(4));
  }

  public RankingProfile withCandidates(int n) {
    return new RankingProfile(n, blend, wCtr, wCvr, wSales, wRating, wPrice, ctrPrior, ctrStrength,
        cvrPrior, cvrStrength, salesRecentShare, ratingPrior, ratingStrength, priceClamp);
  }

  public RankingProfile withWeights(double ctr, double cvr, double sales, double rating, double price) {
    return new RankingProfile(candidates, blend, ctr, cvr, sales, rating, price, ctrPrior, ctrStrength,
        cvrPrior, cvrStrength, salesRecentShare, ratingPrior, ratingStrength, priceClamp);
  }

  /** True when both profiles compute the same commerce multipliers (the window N may differ). */
  boolean sameBlendAs(RankingProfile o) {
    return o == this
        || (blend == o.blend && wCtr == o.wCtr && wCvr == o.wCvr && wSales == o.wSales
            && wRating == o.wRating && wPrice == o.wPrice && ctrPrior == o.ctrPrior
            && ctrStrength == o.ctrStrength && cvrPrior == o.cvrPrior && cvrStrength == o.cvrStrength
            && salesRecentShare == o.salesRecentShare && ratingPrior == o.ratingPrior
            && ratingStrength == o.ratingStrength && priceClamp == o.priceClamp);
  }

  /** Smoothed CTR, a probability in (0, 1]. */
  public double smoothedCtr(long impressions, long clicks) {
    return (clicks + ctrPrior * ctrStrength) / (impressions + ctrStrength);
  }

  /** Smoothed CVR, a probability in (0, 1]. */
  public double smoothedCvr(long clicks, long orders) {
    return Math.min(1.0, (orders + cvrPrior * cvrStrength) / (clicks + cvrStrength));
  }

  /** Sales velocity in units per day. */
  public double salesPerDay(long sales7d, long sales30d) {
    return salesRecentShare * (sales7d / 7.0) + (1 - salesRecentShare) * (sales30d / 30.0);
  }

  /** Bayesian-average rating in [0, 5]. */
  public double bayesRating(double rating, long reviewCount) {
    return (ratingPrior * ratingStrength + rating * reviewCount) / (ratingStrength + reviewCount);
  }

  /**
   * Natural log of the commerce multiplier: {@code score = bm25 × exp(logMultiplier(...))}.
   * Allocation-free; the single definition both the index and tests' reference use.
   *
   * @param categoryMedianPriceMicros median listing price of the product's category, {@code > 0}
   */
  public double logMultiplier(
      long sales7d, long sales30d, long impressions, long clicks, long orders, double rating,
      long reviewCount, long priceMicros, long categoryMedianPriceMicros) {
    double s = 0;
    if (wCtr != 0) {
      s += wCtr * Math.log(smoothedCtr(impressions, clicks) / ctrPrior);
    }
    if (wCvr != 0) {
      s += wCvr * Math.log(smoothedCvr(clicks, orders) / cvrPrior);
    }
    if (wSales != 0) {
      s += wSales * Math.log1p(salesPerDay(sales7d, sales30d));
    }
    if (wRating != 0) {
      s += wRating * (bayesRating(rating, reviewCount) - ratingPrior);
    }
    if (wPrice != 0) {
      s -= wPrice * priceTerm(priceMicros, categoryMedianPriceMicros);
    }
    return s;
  }

  /** clamp(ln(price / median), ±priceClamp); 0 when the median is unknown (≤ 0). */
  public double priceTerm(long priceMicros, long categoryMedianPriceMicros) {
    if (categoryMedianPriceMicros <= 0) {
      return 0;
    }
    double r = Math.log((double) priceMicros / categoryMedianPriceMicros);
    return Math.max(-priceClamp, Math.min(priceClamp, r));
  }

  /** The score's parts for a product, for explanations. */
  public ScoreParts explain(float bm25, Signals s, long priceMicros, long categoryMedianPriceMicros) {
    double ctr = smoothedCtr(s.impressions(), s.clicks());
    double cvr = smoothedCvr(s.clicks(), s.orders());
    double v = salesPerDay(s.sales7d(), s.sales30d());
    double r = bayesRating(s.rating(), s.reviewCount());
    double logM =
        logMultiplier(s.sales7d(), s.sales30d(), s.impressions(), s.clicks(), s.orders(), s.rating(),
            s.reviewCount(), priceMicros, categoryMedianPriceMicros);
    return new ScoreParts(
        bm25,
        blend ? bm25 * Math.exp(logM) : bm25,
        ctr,
        Math.exp(wCtr * Math.log(ctr / ctrPrior)),
        cvr,
        Math.exp(wCvr * Math.log(cvr / cvrPrior)),
        v,
        Math.exp(wSales * Math.log1p(v)),
        r,
        Math.exp(wRating * (r - ratingPrior)),
        categoryMedianPriceMicros,
        Math.exp(-wPrice * priceTerm(priceMicros, categoryMedianPriceMicros)));
  }

  private static void nonNegative(String field, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(field + " must be a finite number >= 0, got " + v);
    }
  }

  private static void positive(String field, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(field + " must be a finite number > 0, got " + v);
    }
  }

  private static void openUnit(String field, double v) {
    if (!(v > 0 && v < 1)) {
      throw new IllegalArgumentException(field + " must be in (0, 1), got " + v);
    }
  }
}
