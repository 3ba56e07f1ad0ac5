package io.searchbid.simulator.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.searchbid.simulator.TestScenarios;
import io.searchbid.simulator.report.Summary;
import io.searchbid.simulator.stats.Difference;
import org.junit.jupiter.api.Test;

/**
 * Direction of the organic flywheel. The shoppers here have no other memory of a launch (no social
 * proof, no review trust, no new reviews, no returning customers), and after the launch the
 * loss-leader bids exactly like the steady seller, so the only lasting effect of the launch is what
 * the ranking index learns from its sales and clicks.
 */
class BehaviourTest {
  private static final String NEUTRAL_USERS =
      "segments: [{name: all, share: 1, priceElasticity: 2.0, referencePrice: 1.0, ratingWeight: 1,"
          + " reviewWeight: 0, socialProofWeight: 0}], reviewRate: 0, returningShare: 0";

  private static Difference lossLeaderMinusSteady(double feedback) {
    var f = TestScenarios.parse(TestScenarios.lossLeader(24, 3, feedback, false, NEUTRAL_USERS));
    Summary s = Summary.of(Simulator.run(f, 2, Simulator.Progress.NONE));
    return s.comparisons().stream().filter(c -> c.sellerId().equals("me")).findFirst().orElseThrow().profit();
  }

  @Test
  void organicFeedback_favoursLossLeader_andWithoutIt_lossLeaderCannotBeatSteady() {
    Difference none = lossLeaderMinusSteady(0.0);
    Difference full = lossLeaderMinusSteady(1.0);
    // zero feedback, no activities: selling at cost with dearer ads can only lose
    assertThat(none.mean()).as("loss-leader − steady profit without feedback: %s", none).isLessThan(0);
    assertThat(none.hi()).as("upper 95%% bound without feedback: %s", none).isLessThan(0);
    // the flywheel pays the launch back (partly or fully)
    assertThat(full.mean()).as("with feedback %s vs without %s", full, none).isGreaterThan(none.mean());
  }
}
