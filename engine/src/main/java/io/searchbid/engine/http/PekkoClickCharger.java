package io.searchbid.engine.http;

import io.searchbid.auction.ClickToken;
import io.searchbid.auction.service.CampaignEntity;
import io.searchbid.auction.service.ServiceNode;
import io.searchbid.engine.ClickCharger;
import io.searchbid.engine.ClickOutcome;
import java.util.concurrent.CompletionStage;

/**
 * Charges clicks through the campaign's sharded, event-sourced entity: the stage completes only
 * after the {@code ClickChargedEvent} is in the journal (or the entity answered from its dedupe
 * state for a repeated token). The entity applies the core's budget rule.
 */
public final class PekkoClickCharger implements ClickCharger {

  private final ServiceNode node;

  public PekkoClickCharger(ServiceNode node) {
    this.node = node;
  }

  @Override
  public CompletionStage<ClickOutcome> charge(ClickToken token, String tokenId, String productId, long nowMillis) {
    return node.campaign(token.campaignId())
        .<CampaignEntity.ClickResult>ask(
            r -> new CampaignEntity.ChargeClick(tokenId, productId, token.priceMicros(), nowMillis, r), node.askTimeout())
        .thenApply(res -> switch (res) {
          case CampaignEntity.ClickCharged c -> new ClickOutcome(
              c.duplicate() ? ClickOutcome.Status.DUPLICATE : ClickOutcome.Status.CHARGED, c.tokenId(),
              token.campaignId(), c.productId(), c.priceMicros(), c.chargedMicros(), null, null);
          case CampaignEntity.ClickRefused f -> ClickOutcome.rejected(f.reason(), "campaign " + token.campaignId() + " cannot be charged");
        });
  }
}
