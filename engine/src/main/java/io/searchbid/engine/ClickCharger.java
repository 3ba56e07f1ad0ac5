package io.searchbid.engine;

import io.searchbid.auction.ClickToken;
import java.util.concurrent.CompletionStage;

/**
 * Charges a verified click to its campaign, exactly once per token id. Two implementations: {@link
 * InProcessClickCharger} (the core's {@code BudgetLedger}, for the simulator and benchmarks) and the
 * service's, which goes through the campaign's event-sourced entity and completes only after the
 * charge is persisted.
 */
public interface ClickCharger {
  /**
   * @param token the verified token
   * @param tokenId its identity ({@link SearchEngine#tokenId})
   * @param productId the product the ad promoted
   * @param nowMillis click time, epoch milliseconds (the charge lands on this UTC day)
   */
  CompletionStage<ClickOutcome> charge(ClickToken token, String tokenId, String productId, long nowMillis);
}
