/**
 * The keyword auction core: campaign model, keyword matching ({@link io.searchbid.auction.AdIndex}),
 * click prediction and quality ({@link io.searchbid.auction.ClickModel}), ad rank and pricing
 * ({@link io.searchbid.auction.PositionAuction}, {@link io.searchbid.auction.KeywordAuction}),
 * daily budgets ({@link io.searchbid.auction.CampaignSpend}, {@link io.searchbid.auction.BudgetLedger}),
 * pacing ({@link io.searchbid.auction.Pacer}), bid strategies ({@link io.searchbid.auction.AutoBidder})
 * and signed click tokens ({@link io.searchbid.auction.ClickTokenCodec}).
 *
 * <p>Plain, synchronous, deterministic Java: no actors, no futures, no clock reads (time is passed in
 * as epoch milliseconds), no unseeded randomness. Money is {@code long} micros (1 unit = 1,000,000
 * micros). This package must not depend on {@code io.searchbid.auction.service} nor on any other
 * searchbid module; the only third-party dependency is Lucene's analyzers (for the default
 * {@link io.searchbid.auction.Tokenizer}). See {@code docs/AUCTION.md}.
 */
package io.searchbid.auction;
