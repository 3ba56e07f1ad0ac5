package io.searchbid.bench.ranking;

import io.searchbid.bench.Suite;
import io.searchbid.bench.jmh.RunSettings;
import java.io.PrintStream;

/** {@code bench ranking}. */
public final class RankingSuite implements Suite {

  @Override
  public String name() {
    return "ranking";
  }

  @Override
  public Outcome run(RunSettings s, PrintStream console) {
    throw new Unavailable("the ranking module's ProductIndex / CatalogGenerator are not merged yet");
  }
}
