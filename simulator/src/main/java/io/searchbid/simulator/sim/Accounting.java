package io.searchbid.simulator.sim;

import io.searchbid.simulator.strategy.KeywordDay;
import io.searchbid.simulator.strategy.ProductDay;
import io.searchbid.simulator.strategy.SellerDay;

/**
 * The accounting identities every seller's day must satisfy; checked by the day loop on every
 * report (a violation is a simulator bug and stops the run):
 *
 * <ul>
 *   <li>spend = Σ products' spend = the budget ledger's charges for the campaign that day;
 *   <li>spend ≤ budget × allowance (the ledger's cap);
 *   <li>GMV = Σ over SKUs of orders × price, COGS = Σ orders × unit cost (recounted independently);
 *   <li>every total equals the sum of its products' values; profit = GMV − COGS − spend.
 * </ul>
 */
public final class Accounting {
  private Accounting() {}

  /** Thrown when an identity does not hold. */
  public static final class ViolationException extends IllegalStateException {
    ViolationException(String m) {
      super(m);
    }
  }

  static void check(SellerDay d, long ledgerSpentMicros, long capMicros) {
    long sp = 0, g = 0, c = 0, o = 0, ai = 0, ac = 0;
    for (ProductDay p : d.products()) {
      sp += p.spendMicros();
      g += p.gmvMicros();
      c += p.cogsMicros();
      o += p.orders();
      ai += p.adImpressions();
      ac += p.adClicks();
    }
    if (sp != d.spendMicros()) fail(d, "spend " + d.spendMicros() + " ≠ Σ products' spend " + sp);
    if (sp != ledgerSpentMicros) fail(d, "spend " + sp + " ≠ budget ledger's charges " + ledgerSpentMicros);
    if (sp > capMicros) fail(d, "spend " + sp + " above budget × allowance " + capMicros);
    if (g != d.gmvMicros() || c != d.cogsMicros() || o != d.orders()) fail(d, "GMV/COGS/orders ≠ Σ products'");
    if (ai != d.adImpressions() || ac != d.adClicks()) fail(d, "ad impressions/clicks ≠ Σ products'");
    if (d.chargedClicks() > d.adClicks()) fail(d, "more charged clicks than ad clicks");
    long kwSpend = 0;
    for (KeywordDay k : d.keywords()) kwSpend += k.spendMicros();
    if (kwSpend != sp) fail(d, "Σ keywords' spend " + kwSpend + " ≠ spend " + sp);
    if (d.profitMicros() != d.gmvMicros() - d.cogsMicros() - d.spendMicros()) fail(d, "profit ≠ GMV − COGS − spend");
  }

  static void checkSkuSums(SellerDay d, long gmvFromSkus, long cogsFromSkus) {
    if (gmvFromSkus != d.gmvMicros()) fail(d, "GMV " + d.gmvMicros() + " ≠ Σ orders × price " + gmvFromSkus);
    if (cogsFromSkus != d.cogsMicros()) fail(d, "COGS " + d.cogsMicros() + " ≠ Σ orders × unit cost " + cogsFromSkus);
  }

  private static void fail(SellerDay d, String what) {
    throw new ViolationException("accounting identity broken for seller " + d.sellerId() + " on day " + d.day() + ": " + what);
  }
}
