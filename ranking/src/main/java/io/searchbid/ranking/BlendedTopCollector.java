package io.searchbid.ranking;

import java.io.IOException;
import java.util.Collection;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;

/**
 * Exact blended top-k over ALL matching documents (the {@link ProductIndex.Strategy#EXACT_PRUNED}
 * alternative to re-scoring a BM25 top-N window). Every collected document is scored
 * {@code bm25 × multiplier}; once k documents are held, BM25 scores below
 * {@code kthFinalScore / maxMultiplier} cannot enter, so that bound is handed to Lucene's dynamic
 * pruning ({@link Scorable#setMinCompetitiveScore}). Without a known maximum multiplier (a profile
 * other than the index's) nothing is pruned.
 *
 * <p>Order: final score desc, then BM25 desc, then write order (smaller write sequence number
 * first). Not thread-safe; one per search, one slice (the index's searchers have no executor).
 */
final class BlendedTopCollector implements Collector {

  /** Supplies the commerce multiplier of a document of the current leaf. */
  interface Multipliers {
    /** Called once per leaf, before {@link #multiplier}. */
    void setLeaf(LeafReaderContext ctx) throws IOException;

    /** exp(logMultiplier) of {@code doc} (leaf-local), docs in increasing order. */
    double multiplier(int doc) throws IOException;
  }

  private final int k;
  private final Multipliers multipliers;
  private final double maxMultiplier; // <= 0: unknown, no pruning
  private final SegmentRegions[] regions;
  // min-heap on "goodness": heap[0] is the worst of the k best so far
  final double[] fin;
  final float[] bm;
  final int[] docs;
  final long[] seqs;
  int size;
  long collected;
  boolean pruned;

  BlendedTopCollector(int k, Multipliers multipliers, double maxMultiplier, SegmentRegions[] regions) {
    this.k = k;
    this.multipliers = multipliers;
    this.maxMultiplier = maxMultiplier;
    this.regions = regions;
    this.fin = new double[k];
    this.bm = new float[k];
    this.docs = new int[k];
    this.seqs = new long[k];
  }

  /** @param regions region tables by leaf ord (for the write sequence numbers of ties) */
  static CollectorManager<BlendedTopCollector, BlendedTopCollector> manager(
      int k, Multipliers m, double maxMultiplier, SegmentRegions[] regions) {
    return new CollectorManager<>() {
      private boolean created;

      @Override
      public BlendedTopCollector newCollector() {
        if (created) {
          throw new IllegalStateException("the product searcher runs one slice; got a second");
        }
        created = true;
        return new BlendedTopCollector(k, m, maxMultiplier, regions);
      }

      @Override
      public BlendedTopCollector reduce(Collection<BlendedTopCollector> collectors) {
        return collectors.iterator().next();
      }
    };
  }

  @Override
  public ScoreMode scoreMode() {
    return maxMultiplier > 0 ? ScoreMode.TOP_SCORES : ScoreMode.COMPLETE;
  }

  /** a better than b? */
  private static boolean better(double fa, float ba, long da, double fb, float bb, long db) {
    if (fa != fb) {
      return fa > fb;
    }
    if (ba != bb) {
      return ba > bb;
    }
    return da < db;
  }

  @Override
  public LeafCollector getLeafCollector(LeafReaderContext ctx) throws IOException {
    multipliers.setLeaf(ctx);
    int docBase = ctx.docBase;
    long[] seqByDoc = regions[ctx.ord].seqByDoc;
    return new LeafCollector() {
      Scorable scorer;

      @Override
      public void setScorer(Scorable s) throws IOException {
        this.scorer = s;
        updateMinCompetitive();
      }

      @Override
      public void collect(int doc) throws IOException {
        collected++;
        float s = scorer.score();
        double f = s * multipliers.multiplier(doc);
        int global = docBase + doc;
        long seq = seqByDoc[doc];
        if (size < k) {
          fin[size] = f;
          bm[size] = s;
          docs[size] = global;
          seqs[size] = seq;
          siftUp(size++);
          if (size == k) {
            updateMinCompetitive();
          }
        } else if (better(f, s, seq, fin[0], bm[0], seqs[0])) {
          fin[0] = f;
          bm[0] = s;
          docs[0] = global;
          seqs[0] = seq;
          siftDown(0);
          updateMinCompetitive();
        }
      }

      private void updateMinCompetitive() throws IOException {
        if (maxMultiplier > 0 && size == k && scorer != null) {
          // final <= bm25 × maxMultiplier: BM25 below worst/max can never enter; nextDown guards
          // against float rounding so ties are still collected
          float min = Math.nextDown((float) (fin[0] / maxMultiplier));
          if (min > 0) {
            scorer.setMinCompetitiveScore(min);
            pruned = true;
          }
        }
      }
    };
  }

  private void siftUp(int i) {
    while (i > 0) {
      int p = (i - 1) >>> 1;
      if (better(fin[p], bm[p], seqs[p], fin[i], bm[i], seqs[i])) {
        swap(i, p);
        i = p;
      } else {
        return;
      }
    }
  }

  private void siftDown(int i) {
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) {
        return;
      }
      int w = l;
      int r = l + 1;
      if (r < size && better(fin[l], bm[l], seqs[l], fin[r], bm[r], seqs[r])) {
        w = r;
      }
      if (better(fin[i], bm[i], seqs[i], fin[w], bm[w], seqs[w])) {
        swap(i, w);
        i = w;
      } else {
        return;
      }
    }
  }

  private void swap(int a, int b) {
    double f = fin[a];
    fin[a] = fin[b];
    fin[b] = f;
    float s = bm[a];
    bm[a] = bm[b];
    bm[b] = s;
    int d = docs[a];
    docs[a] = docs[b];
    docs[b] = d;
    long q = seqs[a];
    seqs[a] = seqs[b];
    seqs[b] = q;
  }

  /** Positions of the held documents, best first (O(k²) insertion sort; k is a page end). */
  int[] sortedBestFirst() {
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      int j = i - 1;
      while (j >= 0 && better(fin[i], bm[i], seqs[i], fin[order[j]], bm[order[j]], seqs[order[j]])) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = i;
    }
    return order;
  }
}
