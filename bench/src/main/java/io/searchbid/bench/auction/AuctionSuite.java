package io.searchbid.bench.auction;

import io.searchbid.bench.Suite;
import io.searchbid.bench.jmh.JmhSuite;
import io.searchbid.bench.jmh.RunSettings;
import io.searchbid.bench.report.Figure;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** {@code bench auction}: pricing per rule and eligible-ad count, matching and full auction on 100,000 keywords. */
public final class AuctionSuite implements Suite {

  @Override
  public String name() {
    return "auction";
  }

  @Override
  public Outcome run(RunSettings s, PrintStream console) throws Exception {
    JmhSuite jmh = new JmhSuite("auction")
        .include(PricingBench.class.getName() + "\\.")
        .withGcProfiler();
    if (s.quick()) {
      jmh.param("eligible", "20");
    }
    List<Figure> figures = jmh.run(s, console);
    return new Outcome(figures, List.of(), Map.of("slots", PricingBench.SLOT_CLICK_RATES.length));
  }
}
