/**
 * Organic product search: a Lucene index of {@link io.searchbid.ranking.Product}s whose BM25 title
 * relevance is blended with commerce signals (sales velocity, smoothed CTR/CVR, Bayesian rating,
 * price vs. category median) by a documented {@link io.searchbid.ranking.RankingProfile}; English
 * and Chinese titles ({@link io.searchbid.ranking.TextAnalysis}); near-real-time signal updates;
 * a seeded synthetic catalog generator and a JSONL catalog format.
 *
 * <p>Depends on Lucene, Commons Math and Jackson only; never on other searchbid modules. Reads no
 * clock and uses no unseeded randomness.
 */
package io.searchbid.ranking;
