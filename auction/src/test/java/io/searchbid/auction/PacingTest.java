package io.searchbid.auction;

import static io.searchbid.auction.Fixtures.D;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PacingTest {
  static final long MONDAY = 1_763_942_400_000L; // 2025-11-24 00:00 UTC, a Monday

  @Test
  void defaultCurve_isTheRealWeeklyShape_normalised() {
    TrafficCurve c = TrafficCurve.defaultCurve();
    double total = 0;
    for (int d = 1; d <= 7; d++) {
      for (int h = 0; h < 24; h++) {
        total += c.share(d, h);
      }
    }
    assertThat(total).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    // nights are quieter than afternoons in the marketplace data
    assertThat(c.share(1, 4)).isLessThan(c.share(1, 14));
    assertThat(Times.isoDayOfWeek(MONDAY)).isEqualTo(1);
    assertThat(c.elapsedDayShare(MONDAY)).isZero();
    assertThat(c.elapsedDayShare(MONDAY + Times.MILLIS_PER_DAY - 1)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
  }

  /** Result of a simulated run: spend per hour of the last day. */
  record Run(long[] spentByHourEnd, long cap) {}

  /**
   * Two days of traffic following the real curve; each admitted auction is charged {@code price}.
   * Unthrottled demand would spend ~3.3× the budget.
   */
  static Run simulate(Pacer pacer) {
    long price = 10_000;
    int dailyAuctions = 100_000;
    long budget = (long) (0.3 * dailyAuctions * price);
    Campaign c = Fixtures.campaign("c", "a", budget,
        Fixtures.group("g", price, List.of(Keyword.of("x", MatchType.BROAD)), List.of()));
    TrafficCurve curve = TrafficCurve.defaultCurve();
    BudgetLedger ledger = new BudgetLedger();
    long auctionId = 0;
    long[] byHour = new long[24];
    for (int day = 0; day < 2; day++) {
      long dayStart = MONDAY + day * Times.MILLIS_PER_DAY;
      double dayTotal = 0;
      for (int h = 0; h < 24; h++) {
        dayTotal += curve.share(Times.isoDayOfWeek(dayStart), h);
      }
      for (int minute = 0; minute < 24 * 60; minute++) {
        long t = dayStart + minute * 60_000L;
        double share = curve.share(Times.isoDayOfWeek(t), minute / 60) / dayTotal / 60;
        int n = (int) Math.round(dailyAuctions * share);
        for (int i = 0; i < n; i++) {
          long spent = ledger.spentMicros("c", Times.epochDay(t));
          if (spent < c.spendCapMicros() && pacer.admit(c, spent, t, auctionId++)) {
            ledger.charge(c, t, price);
          }
        }
        if (day == 1 && minute % 60 == 59) {
          byHour[minute / 60] = ledger.spentMicros("c", Times.epochDay(t));
        }
      }
    }
    return new Run(byHour, c.spendCapMicros());
  }

  @Test
  void withoutPacing_budgetIsGoneBeforeNoon() {
    Run r = simulate(Pacer.none());
    assertThat(r.spentByHourEnd()[11]).isEqualTo(r.cap());
  }

  @Test
  void throttling_spreadsSpendAlongTheTrafficCurve_andStillSpendsMostOfTheBudget() {
    Run r = simulate(Pacer.throttling(TrafficCurve.defaultCurve(), 17));
    TrafficCurve curve = TrafficCurve.defaultCurve();
    long tuesday = MONDAY + Times.MILLIS_PER_DAY;
    for (int h : new int[] {8, 12, 16, 20}) {
      double plan = curve.elapsedDayShare(tuesday + (h + 1) * Times.MILLIS_PER_HOUR - 1);
      double actual = r.spentByHourEnd()[h] / (double) r.cap();
      assertThat(actual).as("spent fraction by end of hour %d vs plan %.3f", h, plan)
          .isBetween(plan - 0.1, plan + 0.1);
    }
    assertThat(r.spentByHourEnd()[23]).isGreaterThanOrEqualTo((long) (0.85 * r.cap())).isLessThanOrEqualTo(r.cap());
  }

  @Test
  void throttling_isDeterministicBySeed() {
    assertThat(simulate(Pacer.throttling(TrafficCurve.defaultCurve(), 5)).spentByHourEnd())
        .isEqualTo(simulate(Pacer.throttling(TrafficCurve.defaultCurve(), 5)).spentByHourEnd());
  }
}
