package io.searchbid.simulator.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.searchbid.simulator.TestScenarios;
import io.searchbid.simulator.strategy.KeywordDay;
import io.searchbid.simulator.strategy.ProductDay;
import io.searchbid.simulator.strategy.SellerDay;
import org.junit.jupiter.api.Test;

/**
 * The identities are also enforced inside the day loop ({@link Accounting}); this test re-derives
 * them from the published reports for every seller, day, variant and replicate.
 */
class AccountingTest {

  @Test
  void everySellerEveryDay_identitiesHold_andNoOverspend() {
    var f = TestScenarios.parse(TestScenarios.lossLeader(8, 2, 1.0, true, ""));
    double allowance = f.base().auction().overspendAllowance();
    SimulationResult r = Simulator.run(f, 2, Simulator.Progress.NONE);
    long checked = 0;
    long daysWithSpend = 0;
    for (ReplicateResult rep : r.replicates()) {
      for (ReplicateResult.SellerSeries s : rep.sellers()) {
        for (SellerDay d : s.days()) {
          long spend = 0, gmv = 0, cogs = 0, orders = 0;
          for (ProductDay p : d.products()) {
            spend += p.spendMicros();
            gmv += p.gmvMicros();
            cogs += p.cogsMicros();
            orders += p.orders();
            // the scenario seller's single-SKU product: GMV is exactly orders × the day's price
            if (s.sellerId().equals("me")) assertThat(p.gmvMicros()).as("GMV of %s day %d", p.productId(), d.day()).isEqualTo(p.orders() * p.priceMicros());
            assertThat(p.adOrders() + p.activityOrders()).isLessThanOrEqualTo(p.orders());
          }
          long kwSpend = d.keywords().stream().mapToLong(KeywordDay::spendMicros).sum();
          assertThat(d.spendMicros()).isEqualTo(spend).isEqualTo(kwSpend);
          assertThat(d.gmvMicros()).isEqualTo(gmv);
          assertThat(d.cogsMicros()).isEqualTo(cogs);
          assertThat(d.orders()).isEqualTo(orders);
          assertThat(d.profitMicros()).isEqualTo(d.gmvMicros() - d.cogsMicros() - d.spendMicros());
          assertThat(d.spendMicros()).as("spend of %s day %d", s.sellerId(), d.day())
              .isLessThanOrEqualTo((long) Math.floor(d.budgetMicros() * allowance));
          assertThat(d.chargedClicks()).isLessThanOrEqualTo(d.adClicks());
          if (d.spendMicros() > 0) daysWithSpend++;
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(50);
    assertThat(daysWithSpend).as("ads were clicked and charged").isGreaterThan(10);
  }
}
