package io.searchbid.simulator.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void estimate_matchesStudentT() {
    Estimate e = Estimate.of(new double[] {1, 2, 3, 4, 5});
    assertThat(e.mean()).isEqualTo(3.0);
    // sd = sqrt(2.5), t(4, 0.975) = 2.776445
    double half = 2.776445 * Math.sqrt(2.5) / Math.sqrt(5);
    assertThat(e.lo()).isCloseTo(3 - half, Offset.offset(1e-5));
    assertThat(e.hi()).isCloseTo(3 + half, Offset.offset(1e-5));
    assertThat(Estimate.of(new double[] {7}).lo()).isNaN();
  }

  @Test
  void pairedDifference_detectsConsistentGain_andVerdictSaysSo() {
    double[] a = {110, 121, 108, 131, 115};
    double[] b = {100, 112, 101, 120, 104};
    Difference d = Difference.of("new", a, "old", b);
    assertThat(d.paired()).isTrue();
    assertThat(d.mean()).isCloseTo(9.6, Offset.offset(1e-9));
    assertThat(d.lo()).isGreaterThan(0);
    assertThat(d.significant()).isTrue();
    String v = Verdict.profit(d, "¥", 60);
    assertThat(v).startsWith("new earns ¥10 more over 60 days than old, 95% CI [¥").contains("a clear difference");
  }

  @Test
  void money_putsTheMinusSignBeforeTheCurrency_roundsToWholeUnits() {
    assertThat(Verdict.money("¥", -290.4)).isEqualTo("\u2212¥290");
    assertThat(Verdict.money("¥", 1234.5)).isEqualTo("¥1,235");
    assertThat(Verdict.money("$", 0)).isEqualTo("$0");
    assertThat(Verdict.money("¥", -0.4)).as("rounds to zero: no sign").isEqualTo("¥0");
    assertThat(Verdict.money("¥", -0.354, 2)).isEqualTo("\u2212¥0.35");
    assertThat(Verdict.money("¥", -0.004, 2)).isEqualTo("¥0.00");
    assertThat(Verdict.money("", -1234.5, 1)).isEqualTo("\u22121,234.5");
  }

  @Test
  void noisyDifference_notSignificant() {
    Difference d = Difference.of("x", new double[] {1, 9, 2, 8}, "y", new double[] {5, 5, 5, 5});
    assertThat(d.significant()).isFalse();
    assertThat(d.lo()).isLessThan(0).isLessThan(d.hi());
    assertThat(Verdict.profit(d, "¥", 7)).contains("not distinguishable");
  }
}
