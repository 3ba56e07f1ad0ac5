package io.searchbid.auction;

import static io.searchbid.auction.Fixtures.D;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelValidationTest {
  @Test
  void negativeMaxCpc_isRejected_namingFieldValueAndKeyword() {
    assertThatThrownBy(() -> Keyword.of("red dress", MatchType.EXACT, -5))
        .hasMessage("maxCpcMicros must be > 0, got -5 for keyword 'red dress'");
  }

  @Test
  void emptyKeyword_andBroadNegative_areRejected() {
    assertThatThrownBy(() -> Keyword.of(" ", MatchType.EXACT)).hasMessageContaining("keyword text must be non-empty");
    assertThatThrownBy(() -> new NegativeKeyword("cheap", MatchType.BROAD)).hasMessageContaining("exact or phrase");
  }

  @Test
  void campaign_rejectsBadBudgetAllowanceAndDuplicateGroups() {
    AdGroup g = Fixtures.group("g", D, List.of(Keyword.of("x", MatchType.BROAD)), List.of());
    assertThatThrownBy(() -> Fixtures.campaign("c", "a", 0, g))
        .hasMessage("dailyBudgetMicros must be > 0, got 0 for campaign 'c'");
    assertThatThrownBy(() -> new Campaign("c", "a", D, CampaignStatus.ACTIVE, null, 0.9, null, null, List.of(g)))
        .hasMessageContaining("overspendAllowance must be within [1.0, 2.0], got 0.9");
    assertThatThrownBy(() -> Fixtures.campaign("c", "a", D, g, g)).hasMessageContaining("adGroupId must be unique");
  }

  @Test
  void bidAdjustments_mustBeZeroOrWithinRange() {
    assertThatThrownBy(() -> new BidAdjustments(List.of(), Map.of("vip", 0.05)))
        .hasMessage("bySegment['vip'] must be 0 (opt out) or within [0.1, 10.0], got 0.05");
    assertThatThrownBy(() -> new BidAdjustments(List.of(1.0, 2.0), Map.of())).hasMessageContaining("0 or 24 entries");
    new BidAdjustments(List.of(), Map.of("vip", 0.0, "new", 10.0)); // allowed
  }

  @Test
  void adGroup_needsKeywordsAndAPositiveDefaultBid() {
    assertThatThrownBy(() -> Fixtures.group("g", D, List.of(), List.of()))
        .hasMessage("keywords must have at least 1 entry, got 0 for ad group 'g'");
    assertThatThrownBy(() -> Fixtures.group("g", -1, List.of(Keyword.of("x", MatchType.BROAD)), List.of()))
        .hasMessage("defaultBidMicros must be > 0, got -1 for ad group 'g'");
  }

  @Test
  void bidStrategy_specRoundTrips_andBadSpecsNameTheRule() {
    for (BidStrategy s : List.of(BidStrategy.MANUAL, new BidStrategy.MaximizeClicks(4 * D),
        new BidStrategy.TargetCpa(20 * D), new BidStrategy.TargetRoas(3.5))) {
      org.assertj.core.api.Assertions.assertThat(BidStrategy.parse(s.spec())).isEqualTo(s);
    }
    assertThatThrownBy(() -> BidStrategy.parse("target_cpa:-3")).hasMessageContaining("targetCpaMicros must be > 0, got -3");
    assertThatThrownBy(() -> BidStrategy.parse("target_cpa:abc")).hasMessageContaining("must have a number");
    assertThatThrownBy(() -> BidStrategy.parse("cheapest")).hasMessageContaining("bidStrategy must be one of manual");
  }
}
