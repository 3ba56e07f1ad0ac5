package io.searchbid.bench.ranking;

import io.searchbid.ranking.TextAnalysis;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The ranking suite's baseline: plain Lucene on the very same on-disk index and queries — a
 * disjunction of the analysed title terms, Lucene's default BM25, {@code searcher.search(q, k)}, and
 * the stored fields of each hit loaded (as a result page needs them). No ranking-module code runs
 * here except the analyser that turns the query text into terms.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LuceneBm25Bench {

  /** The title field of the ranking module's index (see ProductIndex's field list). */
  static final String TITLE_FIELD = "title";

  @Param({"10000", "100000", "1000000"})
  public int catalog;

  @Param({"en", "zh"})
  public String lang;

  @Param({"1", "2", "3"})
  public int words;

  @Param({"10", "100"})
  public int k;

  @Param("42")
  public long seed;

  DirectoryReader reader;
  IndexSearcher searcher;
  String[] queries;
  int next;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    reader = DirectoryReader.open(FSDirectory.open(RankingFixture.indexDir(lang, catalog, seed)));
    searcher = new IndexSearcher(reader);
    List<String> qs = RankingFixture.cachedQueries(lang, catalog, seed, words);
    queries = new String[RankingQueryBench.QUERIES];
    for (int i = 0; i < queries.length; i++) {
      queries[i] = qs.get(i % qs.size());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    reader.close();
  }

  static Query query(String text) {
    List<String> terms = TextAnalysis.tokens(text);
    if (terms.size() == 1) {
      return new TermQuery(new Term(TITLE_FIELD, terms.get(0)));
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (String t : new java.util.LinkedHashSet<>(terms)) {
      b.add(new TermQuery(new Term(TITLE_FIELD, t)), BooleanClause.Occur.SHOULD);
    }
    return b.build();
  }

  @Benchmark
  public void luceneBm25(Blackhole bh) throws IOException {
    TopDocs top = searcher.search(query(queries[next++ & (RankingQueryBench.QUERIES - 1)]), k);
    StoredFields stored = searcher.storedFields();
    for (ScoreDoc sd : top.scoreDocs) {
      Document d = stored.document(sd.doc);
      bh.consume(d);
    }
    bh.consume(top.totalHits);
  }
}
