package io.searchbid.engine;

import io.searchbid.auction.AdIndex;
import io.searchbid.auction.BudgetLedger;
import io.searchbid.auction.Campaign;
import io.searchbid.auction.ChargeResult;
import io.searchbid.auction.ClickToken;
import io.searchbid.auction.Times;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Charges clicks through the core's {@link BudgetLedger} directly, with an in-memory dedupe of token
 * ids: the in-process twin of the service's entity path (same budget rule, no actors, no I/O).
 * Thread-safe. Dedupe state grows with clicks; call {@link #forgetBefore} to prune (e.g. daily).
 */
public final class InProcessClickCharger implements ClickCharger {

  private final BudgetLedger ledger;
  private final AdIndex index;
  private final ConcurrentHashMap<String, ClickOutcome> charged = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> chargedAt = new ConcurrentHashMap<>();

  public InProcessClickCharger(BudgetLedger ledger, AdIndex index) {
    this.ledger = ledger;
    this.index = index;
  }

  public BudgetLedger ledger() {
    return ledger;
  }

  @Override
  public CompletionStage<ClickOutcome> charge(ClickToken token, String tokenId, String productId, long nowMillis) {
    return CompletableFuture.completedFuture(chargeNow(token, tokenId, productId, nowMillis));
  }

  /** Synchronous {@link #charge}. */
  public ClickOutcome chargeNow(ClickToken token, String tokenId, String productId, long nowMillis) {
    ClickOutcome[] out = new ClickOutcome[1];
    charged.compute(tokenId, (id, prev) -> {
      if (prev != null) {
        out[0] = new ClickOutcome(ClickOutcome.Status.DUPLICATE, id, prev.campaignId(), prev.productId(),
            prev.priceMicros(), prev.chargedMicros(), null, null);
        return prev;
      }
      Campaign c = index.campaign(token.campaignId());
      if (c == null) {
        out[0] = ClickOutcome.rejected("unknown_campaign", "campaign " + token.campaignId() + " is not known");
        return null;
      }
      ChargeResult r = ledger.charge(c.campaignId(), c.spendCapMicros(), Times.epochDay(nowMillis), token.priceMicros());
      out[0] = new ClickOutcome(ClickOutcome.Status.CHARGED, id, c.campaignId(), productId,
          r.priceMicros(), r.chargedMicros(), null, null);
      chargedAt.put(id, nowMillis);
      return out[0];
    });
    return out[0];
  }

  /** Forgets dedupe state of clicks charged before {@code epochMillis}. */
  public void forgetBefore(long epochMillis) {
    chargedAt.entrySet().removeIf(e -> {
      if (e.getValue() < epochMillis) {
        charged.remove(e.getKey());
        return true;
      }
      return false;
    });
  }
}
