package io.searchbid.auction;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A campaign: a daily budget, a status, a bidding strategy, a schedule, bid adjustments and its ad
 * groups.
 *
 * @param campaignId unique id
 * @param advertiserId owner
 * @param dailyBudgetMicros the most the campaign means to spend per day, > 0
 * @param status only ACTIVE campaigns serve
 * @param bidStrategy how bids are set
 * @param overspendAllowance spend may reach {@code dailyBudgetMicros × overspendAllowance} in a
 *     day, never more; in [1.0, 2.0], default 1.0
 * @param schedule when it serves
 * @param adjustments bid multipliers by hour and user segment
 * @param adGroups its ad groups (ids unique within the campaign)
 */
public record Campaign(
    String campaignId,
    String advertiserId,
    long dailyBudgetMicros,
    CampaignStatus status,
    BidStrategy bidStrategy,
    double overspendAllowance,
    Schedule schedule,
    BidAdjustments adjustments,
    List<AdGroup> adGroups) {

  public static final double DEFAULT_ALLOWANCE = 1.0;
  public static final double MAX_ALLOWANCE = 2.0;

  public Campaign {
    Checks.nonBlank(campaignId, "campaignId", "");
    String where = Checks.forId("campaign", campaignId);
    Checks.nonBlank(advertiserId, "advertiserId", where);
    Checks.positive(dailyBudgetMicros, "dailyBudgetMicros", where);
    Checks.notNull(status, "status", where);
    bidStrategy = bidStrategy == null ? BidStrategy.MANUAL : bidStrategy;
    if (!(overspendAllowance >= 1.0 && overspendAllowance <= MAX_ALLOWANCE)) {
      throw new IllegalArgumentException(
          "overspendAllowance must be within [1.0, 2.0], got " + overspendAllowance + where);
    }
    schedule = schedule == null ? Schedule.ALWAYS : schedule;
    adjustments = adjustments == null ? BidAdjustments.NONE : adjustments;
    adGroups = List.copyOf(Checks.notNull(adGroups, "adGroups", where));
    Set<String> ids = new HashSet<>();
    for (AdGroup g : adGroups) {
      if (!ids.add(g.adGroupId())) {
        throw new IllegalArgumentException(
            "adGroupId must be unique, got '" + g.adGroupId() + "' twice" + where);
      }
    }
  }

  /** A manual-CPC, always-on campaign with allowance 1.0 and no adjustments. */
  public static Campaign simple(
      String campaignId, String advertiserId, long dailyBudgetMicros, List<AdGroup> adGroups) {
    return new Campaign(
        campaignId, advertiserId, dailyBudgetMicros, CampaignStatus.ACTIVE, BidStrategy.MANUAL,
        DEFAULT_ALLOWANCE, Schedule.ALWAYS, BidAdjustments.NONE, adGroups);
  }

  /** Spend cap for a day: {@code floor(dailyBudgetMicros × overspendAllowance)}. */
  public long spendCapMicros() {
    return CampaignSpend.capMicros(dailyBudgetMicros, overspendAllowance);
  }

  public Campaign withStatus(CampaignStatus newStatus) {
    return new Campaign(campaignId, advertiserId, dailyBudgetMicros, newStatus, bidStrategy,
        overspendAllowance, schedule, adjustments, adGroups);
  }

  public Campaign withDailyBudgetMicros(long newBudgetMicros) {
    return new Campaign(campaignId, advertiserId, newBudgetMicros, status, bidStrategy,
        overspendAllowance, schedule, adjustments, adGroups);
  }

  public Campaign withAdGroups(List<AdGroup> newAdGroups) {
    return new Campaign(campaignId, advertiserId, dailyBudgetMicros, status, bidStrategy,
        overspendAllowance, schedule, adjustments, newAdGroups);
  }
}
