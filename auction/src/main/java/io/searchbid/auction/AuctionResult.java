package io.searchbid.auction;

import java.util.List;

/**
 * Outcome of {@link KeywordAuction#run}.
 *
 * @param auctionId the auction
 * @param slots shown ads, top first
 * @param matchedAdGroups ad groups whose keywords matched (before status/budget/pacing filters)
 * @param candidates ads that entered the ranking (after the filters)
 */
public record AuctionResult(long auctionId, List<AdSlot> slots, int matchedAdGroups, int candidates) {
  public AuctionResult {
    slots = List.copyOf(slots);
  }
}
