package io.searchbid.auction.service;

import io.searchbid.auction.MatchType;
import java.util.List;

/**
 * What an advertiser configures on a campaign (everything but its spend and history). Immutable;
 * the HTTP layer validates and names fields, the compact constructor only guards invariants.
 *
 * <p>The campaign promotes each of {@code productIds} with the same keywords, negatives and default
 * bid: one core {@code AdGroup} per product (id {@code <campaignId>~<productId>}).
 *
 * @param status ACTIVE or PAUSED
 * @param overspendAllowance in [1.0, 2.0]; spend per day never exceeds budget × allowance
 */
public record CampaignSettings(
    String campaignId,
    String advertiserId,
    String name,
    io.searchbid.auction.CampaignStatus status,
    long dailyBudgetMicros,
    double overspendAllowance,
    long defaultBidMicros,
    List<String> productIds,
    List<KeywordSpec> keywords,
    List<NegativeSpec> negatives,
    long createdAtMillis)
    implements CborSerializable {

  public CampaignSettings {
    productIds = List.copyOf(productIds);
    keywords = List.copyOf(keywords);
    negatives = List.copyOf(negatives);
    if (dailyBudgetMicros <= 0 || defaultBidMicros <= 0) {
      throw new IllegalArgumentException("dailyBudgetMicros and defaultBidMicros must be > 0");
    }
  }

  /** A keyword: text, match type, own max CPC in micros (0 = the campaign's default bid). */
  public record KeywordSpec(String text, MatchType matchType, long maxCpcMicros) implements CborSerializable {
    public boolean sameKeyword(String otherText, MatchType otherType) {
      return text.equalsIgnoreCase(otherText) && matchType == otherType;
    }
  }

  /** A negative keyword: EXACT or PHRASE. */
  public record NegativeSpec(String text, MatchType matchType) implements CborSerializable {}

  public CampaignSettings withStatus(io.searchbid.auction.CampaignStatus s) {
    return new CampaignSettings(campaignId, advertiserId, name, s, dailyBudgetMicros, overspendAllowance,
        defaultBidMicros, productIds, keywords, negatives, createdAtMillis);
  }

  public CampaignSettings withBudget(long budgetMicros, double allowance) {
    return new CampaignSettings(campaignId, advertiserId, name, status, budgetMicros, allowance,
        defaultBidMicros, productIds, keywords, negatives, createdAtMillis);
  }

  public CampaignSettings withDetails(String newName, long newDefaultBidMicros, List<String> newProductIds) {
    return new CampaignSettings(campaignId, advertiserId, newName, status, dailyBudgetMicros, overspendAllowance,
        newDefaultBidMicros, newProductIds, keywords, negatives, createdAtMillis);
  }

  public CampaignSettings withKeywords(List<KeywordSpec> newKeywords) {
    return new CampaignSettings(campaignId, advertiserId, name, status, dailyBudgetMicros, overspendAllowance,
        defaultBidMicros, productIds, newKeywords, negatives, createdAtMillis);
  }

  public CampaignSettings withNegatives(List<NegativeSpec> newNegatives) {
    return new CampaignSettings(campaignId, advertiserId, name, status, dailyBudgetMicros, overspendAllowance,
        defaultBidMicros, productIds, keywords, newNegatives, createdAtMillis);
  }

  /** Daily spend cap, by the core's rule. */
  public long spendCapMicros() {
    return io.searchbid.auction.CampaignSpend.capMicros(dailyBudgetMicros, overspendAllowance);
  }
}
