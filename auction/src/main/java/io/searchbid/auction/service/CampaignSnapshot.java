package io.searchbid.auction.service;

/**
 * What every node's local ad index needs of a campaign, published by the campaign entity after each
 * persisted change (settings, spend, day rollover).
 *
 * @param settingsVersion increases with every settings change; a replica rebuilds the campaign's ads
 *     only when it grows, otherwise it only updates spend
 * @param sequenceNr the entity's event sequence number: replicas drop snapshots older than the one
 *     they hold (delivery order is per publisher, but an entity can move between nodes)
 * @param spendEpochDay the UTC day {@code spentMicros} is for
 * @param originJvm id of the JVM that published (see {@link #publishedAtNanos})
 * @param publishedAtNanos {@code System.nanoTime()} at publication, comparable only within
 *     {@code originJvm}; used to measure how fast budget exhaustion reaches the index
 */
public record CampaignSnapshot(
    CampaignSettings settings,
    long settingsVersion,
    long sequenceNr,
    long spendEpochDay,
    long spentMicros,
    String originJvm,
    long publishedAtNanos)
    implements CampaignUpdate {

  @Override
  public String campaignId() {
    return settings.campaignId();
  }

  /** The same change without the settings, for replicas that hold {@link #settingsVersion} already. */
  public SpendUpdate spendOnly() {
    return new SpendUpdate(settings.campaignId(), settingsVersion, sequenceNr, spendEpochDay, spentMicros, originJvm, publishedAtNanos);
  }

  /** Whether the day's cap is reached (the campaign must not be shown again today). */
  public boolean exhausted() {
    return spentMicros >= settings.spendCapMicros();
  }
}
