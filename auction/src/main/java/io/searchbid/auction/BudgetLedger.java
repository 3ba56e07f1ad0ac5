package io.searchbid.auction;

import java.util.concurrent.ConcurrentHashMap;

/**
 * In-process daily spend per campaign, applying the {@link CampaignSpend} rule. Thread-safe: each
 * campaign's spend is updated atomically ({@link ConcurrentHashMap#compute}).
 */
public final class BudgetLedger implements SpendView {
  private final ConcurrentHashMap<String, CampaignSpend> spend = new ConcurrentHashMap<>();

  /**
   * Charges a click of {@code priceMicros} to a campaign on the day of {@code epochMillis},
   * capped at the campaign's {@link Campaign#spendCapMicros()}.
   */
  public ChargeResult charge(Campaign campaign, long epochMillis, long priceMicros) {
    return charge(campaign.campaignId(), campaign.spendCapMicros(), Times.epochDay(epochMillis), priceMicros);
  }

  /** Charges {@code priceMicros} against {@code capMicros} on {@code epochDay}. */
  public ChargeResult charge(String campaignId, long capMicros, long epochDay, long priceMicros) {
    ChargeResult[] out = new ChargeResult[1];
    spend.compute(campaignId, (id, s) -> {
      CampaignSpend cur = s == null ? CampaignSpend.startOfDay(epochDay) : s;
      out[0] = cur.charge(epochDay, priceMicros, capMicros);
      return out[0].after();
    });
    return out[0];
  }

  @Override
  public long spentMicros(String campaignId, long epochDay) {
    CampaignSpend s = spend.get(campaignId);
    return s == null || s.epochDay() != epochDay ? 0 : s.spentMicros();
  }

  /** The campaign's spend for {@code epochDay} (an empty day if none). */
  public CampaignSpend spend(String campaignId, long epochDay) {
    CampaignSpend s = spend.get(campaignId);
    return s == null ? CampaignSpend.startOfDay(epochDay) : s.onDay(epochDay);
  }

  /** Forgets a campaign's spend. */
  public void remove(String campaignId) {
    spend.remove(campaignId);
  }
}
