package io.searchbid.bench.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The percentile of the per-round ratios against a direct definition. */
class PairedProfilesTest {

  @Test
  void percentile_interpolatesBetweenOrderStatistics() {
    double[] four = {1, 2, 3, 4};
    assertThat(PairedProfiles.percentile(four, 0)).isEqualTo(1);
    assertThat(PairedProfiles.percentile(four, 1)).isEqualTo(4);
    assertThat(PairedProfiles.percentile(four, 0.5)).as("even count: mean of the middle two").isEqualTo(2.5);
    double[] eleven = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertThat(PairedProfiles.percentile(eleven, 0.1)).isEqualTo(1);
    assertThat(PairedProfiles.percentile(eleven, 0.9)).isEqualTo(9);
    assertThat(PairedProfiles.percentile(new double[] {7}, 0.3)).isEqualTo(7);
  }

  @Test
  void percentile_isMonotoneAndWithinTheSample_andSplitsTheSampleAtQ() {
    SplittableRandom r = new SplittableRandom(7);
    for (int round = 0; round < 200; round++) {
      int n = 1 + r.nextInt(60);
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = r.nextDouble();
      }
      Arrays.sort(v);
      double previous = Double.NEGATIVE_INFINITY;
      for (double q = 0; q <= 1.0001; q += 0.05) {
        double p = PairedProfiles.percentile(v, Math.min(q, 1));
        assertThat(p).isBetween(v[0], v[n - 1]).isGreaterThanOrEqualTo(previous);
        previous = p;
        // position q (n - 1) among the order statistics: within one of them on either side
        long below = Arrays.stream(v).filter(x -> x < p).count();
        long above = Arrays.stream(v).filter(x -> x > p).count();
        assertThat((double) below).isLessThanOrEqualTo(Math.min(q, 1) * (n - 1) + 1);
        assertThat((double) above).isLessThanOrEqualTo((1 - Math.min(q, 1)) * (n - 1) + 1);
      }
    }
    assertThat(PairedProfiles.percentile(new double[] {0.5, 0.7}, 0.25)).isCloseTo(0.55, offset(1e-12));
  }
}
