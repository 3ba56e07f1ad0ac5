package io.searchbid.auction;

/** Lifecycle of a campaign; only {@link #ACTIVE} campaigns take part in auctions. */
public enum CampaignStatus {
  ACTIVE,
  PAUSED,
  ENDED
}
