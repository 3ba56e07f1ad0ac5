package io.searchbid.bench.auction;

import io.searchbid.auction.AuctionConfig;
import io.searchbid.auction.AuctionContext;
import io.searchbid.auction.AuctionResult;
import io.searchbid.auction.ClickKeyRing;
import io.searchbid.auction.ClickTokenCodec;
import io.searchbid.auction.KeywordAuction;
import io.searchbid.auction.PricingRule;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
 * One full auction per query (issue 4's target: ≥ 500,000/s on one core with 100,000 keywords and
 * ~20 eligible ads): matching, status/budget/pacing checks, click-rate and quality lookup, bid
 * strategy, ad rank and pricing, via {@link KeywordAuction#run(List, AuctionContext, boolean)} on
 * pre-normalised tokens; {@code fullAuctionSigned} adds signing a click token per filled slot and
 * {@code fullAuctionRawQuery} adds tokenising the query text (and signs too). Baseline: {@link NaiveKeywordAuction} (token map, per-keyword checks, sort and scan, no tokens).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AuctionBench {

  @Param({"4", "20", "100"})
  public int eligible;

  @Param({"GSP", "VCG", "FIRST_PRICE"})
  public String auctionRule;

  @Param({"100000"})
  public int keywords;

  @Param("42")
  public long seed;

  static final int QUERIES = 256;
  static final long NOW_MILLIS = 1_767_225_600_000L; // 2026-01-01T00:00Z, fixed: results never depend on the clock

  AuctionFixture fx;
  KeywordAuction auction;
  NaiveKeywordAuction naive;
  List<List<String>> tokens;
  List<List<String>> naiveTokens;
  List<String> raw;
  long auctionId;
  int next;

  @Setup(Level.Trial)
  public void setup() {
    fx = new AuctionFixture(seed, keywords, eligible, QUERIES);
    ClickTokenCodec codec = new ClickTokenCodec(
        ClickKeyRing.single("bench", "bench-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8)), 3_600_000, 60_000);
    auction = KeywordAuction.builder(fx.index, codec)
        .config(AuctionConfig.defaults().withRule(PricingRule.valueOf(auctionRule)))
        .build();
    naive = new NaiveKeywordAuction(fx.naiveKeywords, PricingBench.SLOT_CLICK_RATES, NaiveAuction.Rule.valueOf(auctionRule));
    tokens = fx.normalizedQueryTokens;
    naiveTokens = fx.queryTokens;
    raw = fx.queries;
  }

  /** The auction as issue 4 counts it: no click token signed (the result page signs them, see below). */
  @Benchmark
  public AuctionResult fullAuction() {
    return auction.run(tokens.get(next++ & (QUERIES - 1)), AuctionContext.of(++auctionId, NOW_MILLIS), false);
  }

  /** {@link #fullAuction} plus one HMAC-SHA256 click token per filled slot, as a result page shows them. */
  @Benchmark
  public AuctionResult fullAuctionSigned() {
    return auction.run(tokens.get(next++ & (QUERIES - 1)), AuctionContext.of(++auctionId, NOW_MILLIS), true);
  }

  @Benchmark
  public AuctionResult fullAuctionRawQuery() {
    return auction.run(raw.get(next++ & (QUERIES - 1)), AuctionContext.of(++auctionId, NOW_MILLIS));
  }

  @Benchmark
  public List<NaiveAuction.Slot> naiveFullAuction() {
    return naive.run(naiveTokens.get(next++ & (QUERIES - 1)));
  }
}
