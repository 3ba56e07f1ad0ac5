package io.searchbid.simulator.users;

import io.searchbid.simulator.scenario.UserModelSpec;
import java.util.SplittableRandom;

/**
 * Simulated shoppers: a position-based click model and a purchase model.
 *
 * <p><b>Clicks</b> (position-based model, Craswell et al., WSDM 2008; Chuklin, Markov & de Rijke,
 * "Click Models for Web Search", 2015): a result at position k is clicked with probability
 * {@code examination(k) × attraction}. Examination by position defaults to the Sistrix 2020 organic
 * CTR curve normalised to position 1 (see {@code ScenarioLoader.SISTRIX_2020}). Attraction is
 *
 * <pre>
 *   baseAttraction × relevance × appeal × (price / ref)^(−ε/2) × (rating / 4.5)^wRating
 *     × trust(reviews) × social(recent sales) × (adLabelDiscount if an ad) × (loyaltyBoost if the
 *     shopper is a returning customer of the result's seller), capped at 0.95
 *   trust(r)  = (1 + wReview · ln(1 + r)) / (1 + wReview · ln 101)       (1 at 100 reviews)
 *   social(s) = (1 + wSocial · ln(1 + s)) / (1 + wSocial · ln 101)       (1 at 100 recent sales)
 * </pre>
 *
 * where ref is the shopper's reference price (the page's median price × the segment's
 * {@code referencePrice}) and ε the segment's price elasticity (clicks react at half the elasticity
 * of purchases: the price shown is a first filter, the decision comes on the product page).
 *
 * <p><b>Purchases</b>: after a click, the shopper buys with probability
 * {@code min(maxConversion, baseConversion × (price/ref)^(−ε) × (rating/4.5)^wRating × trust)}, then
 * picks an in-stock SKU by multinomial logit with weight {@code skuAppeal × (skuPrice/ref)^(−ε)}, and
 * leaves. At most one purchase per search; examination continues after a click without purchase.
 * Deterministic given the random stream. Caches each product's rating, trust and social-proof
 * factors until {@link #forget}. Not thread-safe (caches, one scratch array for SKU choice): one per replicate.
 */
public final class UserModel {
  /** Cap on attraction (a click probability given examination). */
  static final double MAX_ATTRACTION = 0.95;

  private final UserModelSpec spec;
  private final double[] exam;
  private final double[] elasticity;
  private final double[] refFactor;
  private final double[] ratingWeight;
  private final double[] reviewWeight;
  private final double[] socialWeight;

  public UserModel(UserModelSpec spec) {
    this.spec = spec;
    double[] e = spec.examination();
    exam = new double[Math.max(100, e.length)];
    double decay = e.length >= 2 ? Math.min(0.95, e[e.length - 1] / e[e.length - 2]) : 0.9;
    for (int i = 0; i < exam.length; i++) exam[i] = i < e.length ? e[i] : exam[i - 1] * decay;
    int n = spec.segments().size();
    elasticity = new double[n];
    refFactor = new double[n];
    ratingWeight = new double[n];
    reviewWeight = new double[n];
    socialWeight = new double[n];
    for (int i = 0; i < n; i++) {
      var s = spec.segments().get(i);
      elasticity[i] = s.priceElasticity();
      refFactor[i] = s.referencePrice();
      ratingWeight[i] = s.ratingWeight();
      reviewWeight[i] = s.reviewWeight();
      socialWeight[i] = s.socialProofWeight();
    }
    stride = 2 * n;
  }

  public UserModelSpec spec() {
    return spec;
  }

  /** Examination probability of 0-based position {@code pos}. */
  public double examination(int pos) {
    return pos < exam.length ? exam[pos] : 0;
  }

  /** The shopper's reference price for a page whose median shown price is {@code medianMicros}. */
  public double referencePrice(int segment, double medianMicros) {
    return medianMicros * refFactor[segment];
  }

  /** Attraction of one result (see class doc). */
  public double attraction(
      ShopperFacts f, int product, boolean isAd, double relevance, int segment, double refMicros, boolean loyal) {
    double a = spec.baseAttraction() * relevance * f.appeal(product);
    double price = f.priceMicros(product);
    if (refMicros > 0) a *= Math.pow(price / refMicros, -elasticity[segment] / 2);
    int row = row(f, product) + 2 * segment;
    a *= factors[row];
    a *= factors[row + 1];
    if (isAd) a *= spec.adLabelDiscount();
    if (loyal) a *= spec.loyaltyBoost();
    return Math.min(MAX_ATTRACTION, a);
  }

  /** Purchase probability after a click. */
  public double conversion(ShopperFacts f, int product, int segment, double refMicros) {
    double p = spec.baseConversion();
    if (refMicros > 0) p *= Math.pow(f.priceMicros(product) / refMicros, -elasticity[segment]);
    p *= factors[row(f, product) + 2 * segment];
    return Math.min(spec.maxConversion(), p);
  }

  /**
   * Per product and segment, the attraction and conversion factors that change only with the
   * product's rating, reviews and recent sales: {@code [p × stride + 2 × segment]} = rating term ×
   * trust (the same product the formula multiplies in), {@code [... + 1]} = social proof; a NaN
   * first slot marks a row to recompute. The day loop calls {@link #forget} when those facts change.
   */
  private double[] factors = new double[0];

  private final int stride;

  /** Drops the cached factors of {@code product}: call after its rating, reviews or recent sales change. */
  public void forget(int product) {
    int row = product * stride;
    if (row < factors.length) factors[row] = Double.NaN;
  }

  /** Drops every cached factor (e.g. when a new day shifts every product's recent-sales window). */
  public void forgetAll() {
    for (int row = 0; row < factors.length; row += stride) factors[row] = Double.NaN;
  }

  /** Start of {@code product}'s row of cached factors, computed first if stale. */
  private int row(ShopperFacts f, int product) {
    int row = product * stride;
    if (row >= factors.length) {
      int old = factors.length;
      factors = java.util.Arrays.copyOf(factors, Math.max(row + stride, 2 * old));
      for (int r = old; r < factors.length; r += stride) factors[r] = Double.NaN;
    }
    if (Double.isNaN(factors[row])) {
      fill(f, product, row);
    } else {
      assert sameAsFresh(f, product, row) : "stale user-model factors of product " + product + ": a change without forget()";
    }
    return row;
  }

  private void fill(ShopperFacts f, int product, int row) {
    double rating = f.rating(product);
    long reviews = f.reviews(product);
    long sales = f.recentSales(product);
    for (int seg = 0; seg < elasticity.length; seg++) {
      double ws = socialWeight[seg];
      factors[row + 2 * seg] = ratingTerm(rating, seg) * trust(reviews, seg);
      factors[row + 2 * seg + 1] = (1 + ws * log1p(sales)) / (1 + ws * Math.log(101));
    }
  }

  private boolean sameAsFresh(ShopperFacts f, int product, int row) {
    double[] saved = java.util.Arrays.copyOfRange(factors, row, row + stride);
    fill(f, product, row);
    return java.util.Arrays.equals(saved, java.util.Arrays.copyOfRange(factors, row, row + stride));
  }

  private double ratingTerm(double rating, int segment) {
    return Math.pow(rating / 4.5, ratingWeight[segment]);
  }

  /** {@code Math.log1p(n)} for a count, from a table for small counts (same values; log1p is not an intrinsic). */
  private static double log1p(long n) {
    return n >= 0 && n < LOG1P.length ? LOG1P[(int) n] : Math.log1p(n);
  }

  private static final double[] LOG1P = new double[1 << 14];

  static {
    for (int i = 0; i < LOG1P.length; i++) {
      LOG1P[i] = Math.log1p(i);
    }
  }

  private double trust(long reviews, int segment) {
    double w = reviewWeight[segment];
    return (1 + w * log1p(reviews)) / (1 + w * Math.log(101));
  }

  /**
   * Simulates one shopper on a page.
   *
   * @param loyalSeller internal seller index the shopper is a returning customer of, or −1
   * @param sellerOf    product index → seller index
   */
  public void visit(
      ShopperFacts f, Page page, int segment, double refMicros, int loyalSeller, int[] sellerOf, SplittableRandom rnd, Visit out) {
    out.reset(page.size);
    for (int i = 0; i < page.size; i++) {
      double u = rnd.nextDouble();
      double e = examination(i);
      // Exact shortcut: attraction is at most MAX_ATTRACTION and x ↦ e·x is monotone in floating
      // point for e ≥ 0, so u ≥ e·MAX_ATTRACTION means no click whatever the attraction (which
      // draws no randomness); most results low on the page are decided here.
      if (u >= e * MAX_ATTRACTION) continue;
      int p = page.product[i];
      boolean loyal = loyalSeller >= 0 && sellerOf[p] == loyalSeller;
      double a = attraction(f, p, page.ad[i], page.relevance[i], segment, refMicros, loyal);
      if (u >= e * a) continue;
      out.clicked[i] = true;
      double c = conversion(f, p, segment, refMicros);
      if (rnd.nextDouble() < c) {
        int sku = chooseSku(f, p, segment, refMicros, rnd);
        if (sku >= 0) {
          out.purchasePosition = i;
          out.purchaseSku = sku;
          return;
        }
      }
    }
  }

  /** Scratch for {@link #chooseSku}: one model per replicate thread. */
  private double[] skuWeights = new double[8];

  /** Multinomial-logit SKU choice among in-stock SKUs; −1 when none is in stock. */
  public int chooseSku(ShopperFacts f, int product, int segment, double refMicros, SplittableRandom rnd) {
    int n = f.skuCount(product);
    if (n == 1) return f.skuInStock(product, 0) ? 0 : -1;
    if (skuWeights.length < n) skuWeights = new double[Math.max(n, 2 * skuWeights.length)];
    double[] ws = skuWeights;
    double total = 0;
    for (int k = 0; k < n; k++) {
      ws[k] = skuWeight(f, product, k, segment, refMicros);
      total += ws[k];
    }
    if (total <= 0) return -1;
    double u = rnd.nextDouble() * total;
    for (int k = 0; k < n; k++) {
      double w = ws[k];
      if (u < w) return k;
      u -= w;
    }
    for (int k = n - 1; k >= 0; k--) if (f.skuInStock(product, k)) return k;
    return -1;
  }

  private double skuWeight(ShopperFacts f, int p, int k, int segment, double refMicros) {
    if (!f.skuInStock(p, k)) return 0;
    double w = f.skuAppeal(p, k);
    if (refMicros > 0) w *= Math.pow(f.skuPriceMicros(p, k) / refMicros, -elasticity[segment]);
    return w;
  }
}
