package io.searchbid.auction.service;

/**
 * Receives what campaign entities on this node do, for replication and metrics. Called on the
 * entity's thread: implementations must be quick and thread-safe.
 */
public interface CampaignListener {
  /** A persisted change; publish to the replicas. */
  void changed(CampaignSnapshot snapshot);

  /** A journal write took {@code nanos} from command to acknowledgement. */
  default void persisted(long nanos) {}

  CampaignListener NONE = s -> {};
}
