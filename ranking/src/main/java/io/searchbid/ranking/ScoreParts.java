package io.searchbid.ranking;

/**
 * Why a hit scored what it did: {@code score = bm25 × ctrMultiplier × cvrMultiplier ×
 * salesMultiplier × ratingMultiplier × priceMultiplier} (see {@link RankingProfile}); with a plain
 * BM25 profile the score is just {@code bm25}.
 *
 * @param bm25 Lucene BM25 relevance of the title for the query
 * @param score the final score
 * @param smoothedCtr Beta-smoothed click-through rate, probability
 * @param ctrMultiplier (smoothedCtr / ctrPrior)^wCtr
 * @param smoothedCvr Beta-smoothed conversion rate, probability
 * @param cvrMultiplier (smoothedCvr / cvrPrior)^wCvr
 * @param salesPerDay sales velocity, units per day
 * @param salesMultiplier (1 + salesPerDay)^wSales
 * @param bayesRating Bayesian-average rating, 0–5
 * @param ratingMultiplier exp(wRating · (bayesRating − ratingPrior))
 * @param categoryMedianPriceMicros the category's median listing price, micros (0 if unknown)
 * @param priceMultiplier exp(−wPrice · clamp(ln(price / median)))
 */
public record ScoreParts(
    double bm25,
    double score,
    double smoothedCtr,
    double ctrMultiplier,
    double smoothedCvr,
    double cvrMultiplier,
    double salesPerDay,
    double salesMultiplier,
    double bayesRating,
    double ratingMultiplier,
    long categoryMedianPriceMicros,
    double priceMultiplier) {}
