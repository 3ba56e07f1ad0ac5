package io.searchbid.bench.tokens;

import io.searchbid.bench.Suite;
import io.searchbid.bench.jmh.RunSettings;
import java.io.PrintStream;

/** {@code bench tokens}. */
public final class TokensSuite implements Suite {

  @Override
  public String name() {
    return "tokens";
  }

  @Override
  public Outcome run(RunSettings s, PrintStream console) {
    throw new Unavailable("the auction core's click tokens are not merged yet");
  }
}
