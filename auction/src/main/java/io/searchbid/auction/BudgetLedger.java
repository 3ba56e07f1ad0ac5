package io.searchbid.auction;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * In-process daily spend per campaign, applying the {@link CampaignSpend} rule. Thread-safe: each
 * campaign's spend is an immutable value swapped by compare-and-set in its own cell (cells are
 * created once per campaign id and never removed, so the auction may cache them).
 */
public final class BudgetLedger implements SpendView {
  /** One campaign's current spend (null = nothing recorded). */
  static final class Cell extends AtomicReference<CampaignSpend> {
    private static final long serialVersionUID = 1L;
    /** The ledger holding this cell (an auction caches cells per campaign and checks the owner). */
    final transient BudgetLedger owner;

    Cell(BudgetLedger owner) {
      this.owner = owner;
    }
  }

  private final ConcurrentHashMap<String, Cell> spend = new ConcurrentHashMap<>();

  Cell cell(String campaignId) {
    Cell c = spend.get(campaignId);
    return c != null ? c : spend.computeIfAbsent(campaignId, id -> new Cell(this));
  }

  static long spentMicros(Cell c, long epochDay) {
    CampaignSpend s = c == null ? null : c.get();
    return s == null || s.epochDay() != epochDay ? 0 : s.spentMicros();
  }

  /**
   * Charges a click of {@code priceMicros} to a campaign on the day of {@code epochMillis},
   * capped at the campaign's {@link Campaign#spendCapMicros()}.
   */
  public ChargeResult charge(Campaign campaign, long epochMillis, long priceMicros) {
    return charge(campaign.campaignId(), campaign.spendCapMicros(), Times.epochDay(epochMillis), priceMicros);
  }

  /** Charges {@code priceMicros} against {@code capMicros} on {@code epochDay}. */
  public ChargeResult charge(String campaignId, long capMicros, long epochDay, long priceMicros) {
    Cell c = cell(campaignId);
    while (true) {
      CampaignSpend cur = c.get();
      ChargeResult r = (cur == null ? CampaignSpend.startOfDay(epochDay) : cur).charge(epochDay, priceMicros, capMicros);
      if (c.compareAndSet(cur, r.after())) {
        return r;
      }
    }
  }

  @Override
  public long spentMicros(String campaignId, long epochDay) {
    return spentMicros(spend.get(campaignId), epochDay);
  }

  /** The campaign's spend for {@code epochDay} (an empty day if none). */
  public CampaignSpend spend(String campaignId, long epochDay) {
    Cell c = spend.get(campaignId);
    CampaignSpend s = c == null ? null : c.get();
    return s == null ? CampaignSpend.startOfDay(epochDay) : s.onDay(epochDay);
  }

  /** Forgets a campaign's spend. */
  public void remove(String campaignId) {
    Cell c = spend.get(campaignId);
    if (c != null) {
      c.set(null); // keep the cell: auctions may hold it
    }
  }
}
