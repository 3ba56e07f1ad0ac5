package io.searchbid.auction;

/**
 * One shown ad.
 *
 * @param slot 1-based position
 * @param campaignId campaign charged on click
 * @param advertiserId its advertiser
 * @param adGroupId the ad
 * @param productId promoted product
 * @param keywordText normalised text of the keyword that matched
 * @param matchType how it matched
 * @param bidMicros effective bid per click (strategy × adjustments, capped at the remaining budget)
 * @param priceMicros price per click if clicked
 * @param quality quality score (pCTR × relevance)
 * @param adRank bid × quality
 * @param pctr predicted click-through rate in this slot
 * @param clickToken signed token to present on click (null when the auction ran without signing)
 */
public record AdSlot(
    int slot,
    String campaignId,
    String advertiserId,
    String adGroupId,
    String productId,
    String keywordText,
    MatchType matchType,
    long bidMicros,
    long priceMicros,
    double quality,
    double adRank,
    double pctr,
    String clickToken) {

  /** This slot without its click token (e.g. to compare signed and unsigned runs). */
  public AdSlot withoutToken() {
    return new AdSlot(slot, campaignId, advertiserId, adGroupId, productId, keywordText, matchType, bidMicros,
        priceMicros, quality, adRank, pctr, null);
  }
}
