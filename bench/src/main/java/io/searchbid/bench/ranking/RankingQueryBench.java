package io.searchbid.bench.ranking;

import io.searchbid.ranking.ProductIndex;
import io.searchbid.ranking.RankingProfile;
import io.searchbid.ranking.SearchRequest;
import io.searchbid.ranking.SearchResult;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * Top-k search through {@link ProductIndex} on a cached on-disk index (memory-mapped), single thread:
 * {@code profile} = {@code bm25} (the ranking module's plain BM25 mode), {@code commerce} (the default
 * blend: BM25 top-100 re-scored with commerce signals) or {@code commerce-n1000} (the same blend over
 * the top 1,000). 512 seeded queries of {@code words} title terms are cycled.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RankingQueryBench {

  @Param({"10000", "100000", "1000000"})
  public int catalog;

  @Param({"en", "zh"})
  public String lang;

  @Param({"1", "2", "3"})
  public int words;

  @Param({"10", "100"})
  public int k;

  @Param({"bm25", "commerce", "commerce-n1000"})
  public String profile;

  @Param("42")
  public long seed;

  static final int QUERIES = 512;

  ProductIndex index;
  RankingProfile rankingProfile;
  SearchRequest[] requests;
  int next;

  @Setup(Level.Trial)
  public void setup() {
    rankingProfile = profile(profile);
    index = ProductIndex.open(RankingFixture.indexDir(lang, catalog, seed), rankingProfile);
    index.refresh();
    List<String> qs = RankingFixture.cachedQueries(lang, catalog, seed, words);
    requests = new SearchRequest[QUERIES];
    for (int i = 0; i < QUERIES; i++) {
      requests[i] = SearchRequest.of(qs.get(i % qs.size()), k);
    }
  }

  public static RankingProfile profile(String name) {
    return switch (name) {
      case "bm25" -> RankingProfile.bm25Only();
      case "commerce" -> RankingProfile.defaults();
      case "commerce-n1000" -> RankingProfile.defaults().withCandidates(1000);
      default -> throw new IllegalArgumentException("profile must be bm25, commerce or commerce-n1000, got " + name);
    };
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    index.close();
  }

  @Benchmark
  public SearchResult search() {
    return index.search(requests[next++ & (QUERIES - 1)], rankingProfile);
  }
}
