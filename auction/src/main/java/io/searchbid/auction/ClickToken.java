package io.searchbid.auction;

/**
 * What a click token carries (see {@link ClickTokenCodec} for the wire format).
 *
 * @param auctionId the auction that showed the ad
 * @param campaignId campaign to charge (≤ 255 UTF-8 bytes)
 * @param adGroupId the ad (≤ 255 UTF-8 bytes)
 * @param keywordText normalised text of the keyword that matched (≤ 65535 UTF-8 bytes; may be empty)
 * @param slot 1-based slot, 1–255
 * @param priceMicros price per click decided by the auction, ≥ 0
 * @param issuedAtMillis when the auction ran, epoch milliseconds
 */
public record ClickToken(
    long auctionId,
    String campaignId,
    String adGroupId,
    String keywordText,
    int slot,
    long priceMicros,
    long issuedAtMillis) {

  public ClickToken {
    Checks.nonBlank(campaignId, "campaignId", " in click token");
    Checks.nonBlank(adGroupId, "adGroupId", " in click token");
    keywordText = keywordText == null ? "" : keywordText;
    if (slot < 1 || slot > 255) {
      throw new IllegalArgumentException("slot must be within [1, 255], got " + slot + " in click token");
    }
    Checks.nonNegative(priceMicros, "priceMicros", " in click token");
  }
}
