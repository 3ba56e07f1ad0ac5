package io.searchbid.simulator.sim;

import io.searchbid.simulator.scenario.ScenarioFile;
import java.util.List;

/** All replicates of all variants of a scenario file, in (variant, replicate) order. */
public record SimulationResult(ScenarioFile scenario, List<ReplicateResult> replicates) {
  public SimulationResult {
    replicates = List.copyOf(replicates);
  }

  public List<ReplicateResult> of(String variant) {
    return replicates.stream().filter(r -> r.variant().equals(variant)).toList();
  }
}
