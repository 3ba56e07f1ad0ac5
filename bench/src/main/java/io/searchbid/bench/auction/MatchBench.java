package io.searchbid.bench.auction;

import io.searchbid.auction.MatchBuffer;
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
 * Keyword matching alone: a 1–3 word query against {@code keywords} keywords of which
 * {@code eligible} ad groups match ({@link AuctionFixture}); the auction core's {@link
 * io.searchbid.auction.AdIndex} vs the naive token-map matcher.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MatchBench {

  @Param({"4", "20", "100"})
  public int eligible;

  @Param({"100000"})
  public int keywords;

  @Param("42")
  public long seed;

  static final int QUERIES = 256;

  AuctionFixture fx;
  NaiveKeywordAuction naive;
  MatchBuffer buffer;
  List<List<String>> tokens;
  List<List<String>> naiveTokens;
  int next;

  @Setup(Level.Trial)
  public void setup() {
    fx = new AuctionFixture(seed, keywords, eligible, QUERIES);
    naive = new NaiveKeywordAuction(fx.naiveKeywords, PricingBench.SLOT_CLICK_RATES, NaiveAuction.Rule.GSP);
    buffer = new MatchBuffer();
    tokens = fx.normalizedQueryTokens;
    naiveTokens = fx.queryTokens;
  }

  @Benchmark
  public int match() {
    fx.index.match(tokens.get(next++ & (QUERIES - 1)), buffer);
    return buffer.size();
  }

  @Benchmark
  public int naiveMatch() {
    return naive.match(naiveTokens.get(next++ & (QUERIES - 1))).size();
  }
}
