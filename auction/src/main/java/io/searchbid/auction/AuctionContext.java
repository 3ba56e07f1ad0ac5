package io.searchbid.auction;

/**
 * One search's context.
 *
 * @param auctionId unique id of this auction (chosen by the caller: a counter, a seeded random);
 *     seeds pacing draws and tie rotation, and is carried in click tokens
 * @param epochMillis when the search happens (the caller's clock; UTC)
 * @param userSegment user segment for bid adjustments, or null
 */
public record AuctionContext(long auctionId, long epochMillis, String userSegment) {
  public static AuctionContext of(long auctionId, long epochMillis) {
    return new AuctionContext(auctionId, epochMillis, null);
  }
}
