package io.searchbid.auction;

/**
 * Read access to campaigns' spend today, as the auction needs it for the budget filter and pacing.
 * {@link BudgetLedger} implements it in-process; the service implements it from replicated entity
 * state. Implementations must be safe for the threads that call {@link KeywordAuction#run}.
 */
public interface SpendView {
  /** Micros charged to the campaign on {@code epochDay} (0 if unknown). */
  long spentMicros(String campaignId, long epochDay);
}
