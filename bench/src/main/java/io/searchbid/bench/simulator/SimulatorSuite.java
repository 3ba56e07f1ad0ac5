package io.searchbid.bench.simulator;

import io.searchbid.bench.Suite;
import io.searchbid.bench.jmh.RunSettings;
import java.io.PrintStream;

/** {@code bench simulator}. */
public final class SimulatorSuite implements Suite {

  @Override
  public String name() {
    return "simulator";
  }

  @Override
  public Outcome run(RunSettings s, PrintStream console) {
    throw new Unavailable("the simulator module has no in-process run API yet");
  }
}
