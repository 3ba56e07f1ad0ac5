package io.searchbid.auction.service;

/**
 * A campaign's spend after a change that left its settings alone (a charged click, impressions, a
 * conversion, a day rollover): a few longs instead of the whole settings, so a click costs every
 * other node one small message to deserialize. Fields as in {@link CampaignSnapshot}.
 */
public record SpendUpdate(
    String campaignId,
    long settingsVersion,
    long sequenceNr,
    long spendEpochDay,
    long spentMicros,
    String originJvm,
    long publishedAtNanos)
    implements CampaignUpdate {

  /**
   * The snapshot this update makes of {@code held}, or null when it does not apply to it: another
   * campaign or settings version, or not newer.
   */
  public CampaignSnapshot applyTo(CampaignSnapshot held) {
    if (held == null || !held.campaignId().equals(campaignId) || held.settingsVersion() != settingsVersion
        || held.sequenceNr() >= sequenceNr) {
      return null;
    }
    return new CampaignSnapshot(held.settings(), settingsVersion, sequenceNr, spendEpochDay, spentMicros, originJvm, publishedAtNanos);
  }
}
