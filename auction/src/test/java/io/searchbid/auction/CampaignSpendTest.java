package io.searchbid.auction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CampaignSpendTest {
  static final long DAY = 20_000;

  @Test
  void charge_underBudget_chargesFullPrice() {
    ChargeResult r = CampaignSpend.startOfDay(DAY).charge(DAY, 300, 1000);
    assertThat(r.chargedMicros()).isEqualTo(300);
    assertThat(r.capped()).isFalse();
    assertThat(r.after().spentMicros()).isEqualTo(300);
    assertThat(r.after().eligible(1000)).isTrue();
  }

  @Test
  void charge_crossingTheCap_isCapped_andCountsOverDelivery() {
    CampaignSpend s = CampaignSpend.startOfDay(DAY).charge(DAY, 900, 1000).after();
    ChargeResult r = s.charge(DAY, 300, 1000);
    assertThat(r.chargedMicros()).isEqualTo(100);
    assertThat(r.overDeliveredMicros()).isEqualTo(200);
    assertThat(r.after().spentMicros()).isEqualTo(1000);
    assertThat(r.after().cappedClicks()).isEqualTo(1);
    assertThat(r.after().freeClicks()).isZero();
    assertThat(r.after().eligible(1000)).isFalse();
    ChargeResult free = r.after().charge(DAY, 50, 1000);
    assertThat(free.chargedMicros()).isZero();
    assertThat(free.after().freeClicks()).isEqualTo(1);
    assertThat(free.after().overDeliveredMicros()).isEqualTo(250);
  }

  @Test
  void allowance_raisesTheCap_toBudgetTimesAllowance() {
    assertThat(CampaignSpend.capMicros(1_000_000, 1.2)).isEqualTo(1_200_000);
    assertThat(CampaignSpend.capMicros(999, 1.5)).isEqualTo(1498); // floor(1498.5)
    Campaign c = Fixtures.campaign("c", "a", 1_000_000,
        Fixtures.group("g", 1000, List.of(Keyword.of("x", MatchType.BROAD)), List.of()));
    assertThat(c.spendCapMicros()).isEqualTo(1_000_000);
  }

  @Test
  void newDay_rollsOver_toAnEmptyDay() {
    CampaignSpend s = CampaignSpend.startOfDay(DAY).charge(DAY, 1000, 1000).after();
    assertThat(s.eligible(1000)).isFalse();
    ChargeResult next = s.charge(DAY + 1, 400, 1000);
    assertThat(next.after().epochDay()).isEqualTo(DAY + 1);
    assertThat(next.after().spentMicros()).isEqualTo(400);
    assertThat(next.after().clicks()).isEqualTo(1);
  }

  @Test
  void replayingRecordedCharges_reproducesTheState() {
    CampaignSpend live = CampaignSpend.startOfDay(DAY);
    CampaignSpend replay = CampaignSpend.startOfDay(DAY);
    SplittableRandom rnd = new SplittableRandom(3);
    for (int i = 0; i < 200; i++) {
      ChargeResult r = live.charge(DAY + i / 50, rnd.nextLong(0, 500), 5000);
      live = r.after();
      replay = replay.withCharge(DAY + i / 50, r.chargedMicros(), r.priceMicros());
    }
    assertThat(replay).isEqualTo(live);
  }

  @Test
  void spendNeverExceedsBudgetTimesAllowance_whateverTheOrderOfCharges() {
    SplittableRandom rnd = new SplittableRandom(11);
    for (int trial = 0; trial < 300; trial++) {
      long budget = rnd.nextLong(1, 10_000_000);
      double allowance = 1.0 + rnd.nextInt(0, 5) * 0.25;
      long cap = CampaignSpend.capMicros(budget, allowance);
      List<Long> prices = new ArrayList<>();
      for (int i = 0; i < rnd.nextInt(1, 200); i++) {
        prices.add(rnd.nextLong(0, budget / 3 + 2));
      }
      long total = prices.stream().mapToLong(Long::longValue).sum();
      for (int order = 0; order < 5; order++) {
        Collections.shuffle(prices, new Random(trial * 31L + order));
        BudgetLedger ledger = new BudgetLedger();
        long charged = 0;
        long over = 0;
        for (long p : prices) {
          ChargeResult r = ledger.charge("c", cap, DAY, p);
          charged += r.chargedMicros();
          over += r.overDeliveredMicros();
          assertThat(r.after().spentMicros()).isLessThanOrEqualTo(cap);
        }
        assertThat(ledger.spentMicros("c", DAY)).isEqualTo(charged).isLessThanOrEqualTo(cap);
        assertThat(charged).isEqualTo(Math.min(total, cap)); // capped charging wastes nothing
        assertThat(charged + over).isEqualTo(total);
      }
    }
  }

  @Test
  void ledger_concurrentCharges_neverExceedTheCap() throws Exception {
    BudgetLedger ledger = new BudgetLedger();
    long cap = 1_000_000;
    Thread[] ts = new Thread[4];
    for (int t = 0; t < ts.length; t++) {
      ts[t] = new Thread(() -> {
        for (int i = 0; i < 5000; i++) {
          ledger.charge("c", cap, DAY, 77);
        }
      });
      ts[t].start();
    }
    for (Thread t : ts) {
      t.join();
    }
    CampaignSpend s = ledger.spend("c", DAY);
    assertThat(s.spentMicros()).isEqualTo(cap);
    assertThat(s.clicks()).isEqualTo(20_000);
    assertThat(s.spentMicros() + s.overDeliveredMicros()).isEqualTo(20_000L * 77);
  }
}
