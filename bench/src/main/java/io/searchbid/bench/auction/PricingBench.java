package io.searchbid.bench.auction;

import io.searchbid.auction.PositionAuction;
import io.searchbid.auction.PricingRule;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The pricing step alone (rank, sort, price) on {@code eligible} ads, for each rule: the auction
 * core's position auction vs the naive sort-and-scan baseline. Inputs: 64 pre-generated instances
 * (seeded) cycled through so branch prediction cannot memorise one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PricingBench {

  @Param({"4", "20", "100"})
  public int eligible;

  @Param({"GSP", "VCG", "FIRST_PRICE"})
  public String rule;

  @Param("42")
  public long seed;

  static final int INSTANCES = 64;
  static final double[] SLOT_CLICK_RATES = {0.30, 0.20, 0.12, 0.08};
  static final long RESERVE_MICROS = 50_000;

  long[][] bids;
  double[][] quality;
  long[][] ties;
  PositionAuction auction;
  PricingRule pricingRule;
  int[] winners = new int[SLOT_CLICK_RATES.length];
  long[] prices = new long[SLOT_CLICK_RATES.length];
  List<List<NaiveAuction.Bid>> naiveInstances;
  NaiveAuction.Rule naiveRule;
  int next;

  @Setup(Level.Trial)
  public void setup() {
    SplittableRandom r = new SplittableRandom(seed);
    naiveInstances = new ArrayList<>();
    bids = new long[INSTANCES][eligible];
    quality = new double[INSTANCES][eligible];
    ties = new long[INSTANCES][eligible];
    for (int i = 0; i < INSTANCES; i++) {
      List<NaiveAuction.Bid> list = new ArrayList<>();
      for (int j = 0; j < eligible; j++) {
        bids[i][j] = 100_000 + r.nextLong(5_000_000);
        quality[i][j] = 0.2 + r.nextDouble() * 1.6;
        ties[i][j] = j;
        list.add(new NaiveAuction.Bid(j, bids[i][j], quality[i][j]));
      }
      naiveInstances.add(list);
    }
    naiveRule = NaiveAuction.Rule.valueOf(rule);
    pricingRule = PricingRule.valueOf(rule);
    auction = new PositionAuction(eligible);
  }

  /** The auction core's pricing step: should allocate nothing (issue 4). */
  @Benchmark
  public long pricing() {
    int i = next++ & (INSTANCES - 1);
    int filled = auction.run(eligible, bids[i], quality[i], ties[i], SLOT_CLICK_RATES, SLOT_CLICK_RATES.length,
        RESERVE_MICROS, 0, 0, pricingRule, winners, prices);
    return filled == 0 ? 0 : prices[0] + winners[filled - 1];
  }

  @Benchmark
  public List<NaiveAuction.Slot> naivePricing() {
    List<NaiveAuction.Bid> bids = naiveInstances.get(next++ & (INSTANCES - 1));
    return NaiveAuction.run(bids, SLOT_CLICK_RATES, RESERVE_MICROS, 0, naiveRule);
  }
}
