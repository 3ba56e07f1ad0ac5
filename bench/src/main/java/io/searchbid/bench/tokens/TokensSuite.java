package io.searchbid.bench.tokens;

import io.searchbid.bench.Suite;
import io.searchbid.bench.jmh.JmhSuite;
import io.searchbid.bench.jmh.JmhSuite.Pairing;
import io.searchbid.bench.jmh.RunSettings;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** {@code bench tokens}: click-token sign and verify per second against a bare HMAC-SHA256. */
public final class TokensSuite implements Suite {

  @Override
  public String name() {
    return "tokens";
  }

  @Override
  public Outcome run(RunSettings s, PrintStream console) throws Exception {
    JmhSuite jmh = new JmhSuite("tokens")
        .include(TokenBench.class.getName() + "\\.")
        .withGcProfiler()
        .pair(Pairing.of("TokenBench.sign", "TokenBench.bareHmacSign"))
        .pair(Pairing.of("TokenBench.verify", "TokenBench.bareHmacVerify"));
    return new Outcome(jmh.run(s, console),
        List.of("tokens carry auction id, campaign, ad, keyword 'red summer dress', slot, price, issue time; two-key ring (rotation)"),
        Map.of("distinctTokens", TokenBench.N));
  }
}
