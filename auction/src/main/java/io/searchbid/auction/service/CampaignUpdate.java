package io.searchbid.auction.service;

/**
 * What a campaign entity publishes to every node's replica after a persisted change: the whole
 * {@link CampaignSnapshot} when its settings changed since it last published (or it just started),
 * otherwise only the new spend ({@link SpendUpdate}), which is what almost every click changes.
 *
 * <p>Within one entity incarnation messages arrive in publication order, and every incarnation
 * publishes a whole snapshot first (on recovery), so a replica that holds the settings version a
 * spend update names can apply it. One that does not (it missed a message, e.g. while unreachable)
 * drops it: the journal catch-up re-reads that campaign's whole snapshot.
 */
public sealed interface CampaignUpdate extends CborSerializable permits CampaignSnapshot, SpendUpdate {

  String campaignId();

  /** The entity's event sequence number: replicas drop updates older than the snapshot they hold. */
  long sequenceNr();
}
