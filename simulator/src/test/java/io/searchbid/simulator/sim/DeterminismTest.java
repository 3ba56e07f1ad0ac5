package io.searchbid.simulator.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.searchbid.simulator.TestScenarios;
import io.searchbid.simulator.report.CsvReport;
import io.searchbid.simulator.report.JsonReport;
import io.searchbid.simulator.report.Summary;
import io.searchbid.simulator.scenario.ScenarioFile;
import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class DeterminismTest {

  private static String daily(SimulationResult r) throws IOException {
    StringWriter w = new StringWriter();
    CsvReport.writeDaily(r, w);
    return w.toString();
  }

  @Test
  void sameSeed_identicalOutputs_andParallelEqualsSequential() throws IOException {
    ScenarioFile f = TestScenarios.parse(TestScenarios.lossLeader(6, 2, 1.0, true, ""));
    SimulationResult sequential = Simulator.run(f, 1, Simulator.Progress.NONE);
    SimulationResult again = Simulator.run(f, 1, Simulator.Progress.NONE);
    SimulationResult parallel = Simulator.run(f, 2, Simulator.Progress.NONE);
    String a = daily(sequential);
    assertThat(a.lines().count()).isGreaterThan(6 * 2 * 2);
    assertThat(daily(again)).isEqualTo(a);
    assertThat(daily(parallel)).isEqualTo(a);
    assertThat(JsonReport.toJson(Summary.of(parallel), 11).toString())
        .isEqualTo(JsonReport.toJson(Summary.of(sequential), 11).toString());
    // something happened: the market sold and the scenario seller saw traffic
    assertThat(sequential.replicates().get(0).seller("me").days().stream().mapToLong(d -> d.impressions()).sum()).isPositive();
  }

  @Test
  void differentSeeds_differentOutputs() throws IOException {
    ScenarioFile f = TestScenarios.parse(TestScenarios.lossLeader(4, 1, 1.0, false, ""));
    String a = daily(Simulator.run(f, 1, Simulator.Progress.NONE));
    String b = daily(Simulator.run(f.with(null, 12345L, null), 1, Simulator.Progress.NONE));
    assertThat(b).isNotEqualTo(a);
  }

  @Test
  void replicates_differFromEachOther() throws IOException {
    ScenarioFile f = TestScenarios.parse(TestScenarios.lossLeader(4, 2, 1.0, false, ""));
    SimulationResult r = Simulator.run(f, 1, Simulator.Progress.NONE);
    var r0 = r.of("steady").get(0).seller("me").days();
    var r1 = r.of("steady").get(1).seller("me").days();
    assertThat(r0).isNotEqualTo(r1);
  }
}
