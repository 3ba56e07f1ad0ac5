package io.searchbid.auction.service;

/**
 * Receives what campaign entities on this node do, for replication and metrics. Called on the
 * entity's thread: implementations must be quick and thread-safe.
 */
public interface CampaignListener {
  /** A persisted change (a whole snapshot, or only the spend); publish to the replicas. */
  void changed(CampaignUpdate update);

  /** A journal write took {@code nanos} from command to acknowledgement. */
  default void persisted(long nanos) {}

  CampaignListener NONE = s -> {};
}
