package io.searchbid.ranking;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermState;
import org.apache.lucene.index.TermStates;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BulkScorer;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.search.similarities.Similarity;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.IOSupplier;

/**
 * Exact BM25 top-N of a bag-of-terms title query, ordered by score descending and then by write
 * order (the product written earlier first), on an index sorted into {@link SegmentRegions}.
 *
 * <h2>Why not Lucene's top-N collector</h2>
 *
 * Product titles are short and alike, so a query's top BM25 scores are shared by hundreds or
 * thousands of products, and the order among them is the write order. Lucene's block-max pruning
 * bounds a block of 128 postings with the best (frequency, length) of each term <em>separately</em>;
 * nearly every block holds some short title and some repeated term, so the bound of a two-term
 * query stays above the score the top-N shares and most postings are scored (measured: 1M
 * products, 2-word queries, top-100 ≈ 0.5 ms per query, a few at 2.5 ms).
 *
 * <h2>What this does instead</h2>
 *
 * The index is sorted by (title norm byte, repeat class, write sequence), see {@link
 * SegmentRegions}. Within one region every title has the same length and the same term-frequency
 * pattern, so the best score a document of the region can reach is computed from the region key
 * with the query's own BM25 scorers ({@link Similarity.SimScorer#score}): all query terms present
 * with frequency 1 (repeat class 0), plus the largest gain of one term at frequency 2 (class 1), or
 * every term at the region's largest frequency in its shortest title (class 2; BM25's score grows
 * with frequency and falls with length).
 * Queries of up to {@link SubsetCells#MAX_TERMS} terms go further: inside a region every document
 * that contains the same subset of the query terms has the same score, so {@link SubsetCells}
 * visits those cells best first and never scores a document. Longer queries, per segment:
 *
 * <ol>
 *   <li>the <b>conjunction</b> of all terms (when there are several) runs first, region by region
 *       in index order, so the heap fills with the best-matching titles early;
 *   <li>the <b>disjunction</b> runs next for the products missing some term; a region is bounded
 *       by the full bound minus the smallest single-term contribution; products already collected
 *       by the conjunction are skipped.
 * </ol>
 *
 * When every term of a multi-term query is frequent in a segment, the conjunction pass over
 * regions of class 0 intersects cached per-segment bitsets of the terms instead ({@link
 * SegmentRegions#frequentTermBits}): there every match of all terms scores exactly the region
 * bound, so no scoring is needed, and two terms in 7% of the titles each no longer cost a
 * leapfrog over both posting lists.
 *
 * <p>A region is skipped when its bound is below the N-th best score held (or equal to it and every
 * product of the region was written after the N-th), and abandoned as soon as nothing later in it
 * can qualify: its documents come in write order, so once one document tied with the N-th at the
 * region's bound has been rejected, all later ones would be too. Lucene's own dynamic pruning runs
 * inside each region with the N-th best score as the minimum competitive score (ties included),
 * which is always safe because that score never decreases.
 *
 * <p>Exactness rests on two facts: a region's bound is the largest score any of its documents can
 * get (BM25's score is non-decreasing in frequency, each Lucene score is the float of an exact
 * double sum of float term scores, and the bound is computed the same way), and inside a region
 * doc id order is write order (the index sort). Regions whose key disagrees with Lucene's stored
 * norm, or segments not sorted by the key, get an unknown bound and are scanned in full. Duelled
 * against an exhaustive scorer of every match ({@code RegionTopNTest}).
 */
final class RegionTopN {

  /** First window, in doc ids, between checks of whether a region can still contribute. */
  private static final int FIRST_WINDOW = 2048;
  private static final int MAX_WINDOW = 1 << 16;

  private RegionTopN() {}



  /**
   * The top documents: global doc ids, BM25 scores and write sequence numbers; best first (score
   * descending, then write order) unless asked for in any order. Only the first {@link #size}
   * entries of each array count (an unordered result shares the arrays of the search's heap, which
   * may be longer); read-only.
   */
  record Result(int[] docs, float[] scores, long[] seqs, long[][] seqSources, int[] localDocs,
      double[] multipliers, int size, long totalMatches, boolean totalExact) {
    static final Result EMPTY = new Result(new int[0], new float[0], new long[0], new long[0][],
        new int[0], new double[0], 0, 0, true);

    /**
     * The write sequence number of the i-th document. {@link #seqs} holds it, or {@link
     * Heap#UNREAD} when the search never needed it; then it is {@code
     * seqSources[i][localDocs[i]]}.
     */
    long seq(int i) {
      long q = seqs[i];
      return q != Heap.UNREAD ? q : seqSources[i][localDocs[i]];
    }
  }

  /**
   * @param regions the region table of every leaf of {@code searcher}, by leaf ord
   * @param field the analysed text field
   * @param terms distinct terms; those absent from the index are ignored
   * @param filters non-scoring clauses every hit must match (may be empty)
   * @param n how many documents to return, {@code >= 1}
   */
  static Result search(IndexSearcher searcher, SegmentRegions[] regions, String field,
      List<String> terms, List<Query> filters, int n) throws IOException {
    return search(searcher, regions, field, terms, filters, n, SubsetCells.MAX_TERMS, true);
  }

  /**
   * As {@link #search(IndexSearcher, SegmentRegions[], String, List, List, int)}, with segments
   * searched by {@link SubsetCells} when the query has at most {@code maxCellTerms} terms present
   * in the index (0: never; for tests), and the result best first or, when {@code bestFirst} is
   * false, in no particular order (saves sorting N documents when the caller re-orders them).
   */
  static Result search(IndexSearcher searcher, SegmentRegions[] regions, String field,
      List<String> terms, List<Query> filters, int n, int maxCellTerms, boolean bestFirst)
      throws IOException {
    return search(searcher, regions, field, terms, filters, n, maxCellTerms, bestFirst, null);
  }

  /**
   * As {@link #search(IndexSearcher, SegmentRegions[], String, List, List, int, int, boolean)},
   * also returning {@code multiplierByDoc[doc]} of each document held, read in one loop over the
   * N documents once they are known (independent loads that overlap; see {@link Heap}).
   *
   * @param multiplierByDoc by global doc id, or null (then the result's multipliers are null)
   */
  static Result search(IndexSearcher searcher, SegmentRegions[] regions, String field,
      List<String> terms, List<Query> filters, int n, int maxCellTerms, boolean bestFirst,
      double[] multiplierByDoc) throws IOException {
    assert n >= 1 && maxCellTerms <= SubsetCells.MAX_TERMS;
    Similarity similarity = searcher.getSimilarity();
    CollectionStatistics collection = searcher.collectionStatistics(field);
    if (collection == null) {
      return Result.EMPTY; // no document has a title
    }
    List<TermQuery> clauses = new ArrayList<>(terms.size());
    List<TermStates> termStates = new ArrayList<>(terms.size());
    List<Similarity.SimScorer> scorers = new ArrayList<>(terms.size());
    long maxDocFreq = 0;
    for (String text : terms) {
      Term term = new Term(field, text);
      TermStates states = TermStates.build(searcher, term, true);
      if (states.docFreq() == 0) {
        continue; // matches nothing, adds nothing to any score
      }
      maxDocFreq = Math.max(maxDocFreq, states.docFreq());
      clauses.add(new TermQuery(term, states));
      termStates.add(states);
      scorers.add(similarity.scorer(1f, collection,
          searcher.termStatistics(term, states.docFreq(), states.totalTermFreq())));
    }
    if (clauses.isEmpty()) {
      return Result.EMPTY;
    }
    Query any = clauses.size() == 1 ? clauses.get(0) : combine(clauses, Occur.SHOULD, List.of());
    LazyWeight anyWeight = new LazyWeight(searcher,
        filters.isEmpty() ? any : combine(List.of(any), Occur.MUST, filters));
    LazyWeight allWeight = clauses.size() == 1 ? null
        : new LazyWeight(searcher, combine(clauses, Occur.MUST, filters));
    boolean cells = clauses.size() <= maxCellTerms;
    Weight filterWeight = cells && !filters.isEmpty()
        ? searcher.createWeight(searcher.rewrite(combine(List.of(), Occur.MUST, filters)),
            ScoreMode.COMPLETE_NO_SCORES, 1f)
        : null;

    Heap heap = new Heap(n, multiplierByDoc);
    RegionCollector collector = new RegionCollector(heap);
    for (LeafReaderContext ctx : searcher.getIndexReader().leaves()) {
      SegmentRegions sr = regions[ctx.ord];
      float[] allBound = new float[sr.count()];
      float[] partBound = new float[sr.count()];
      bounds(sr, scorers, allBound, partBound);
      collector.setLeaf(ctx, sr.seqByDoc);
      if (cells) {
        SubsetCells.collect(heap, ctx, sr, field, clauses, termStates, scorers, allBound,
            filterWeight);
      } else if (allWeight != null) {
        long[][] dense = filters.isEmpty() ? denseTermBits(ctx, sr, field, clauses, termStates) : null;
        if (dense != null) {
          denseConjunction(heap, ctx, sr, dense, allBound);
        }
        pass(heap, collector, ctx, sr, allWeight, allBound, false, dense != null);
        pass(heap, collector, ctx, sr, anyWeight, partBound, true, false);
      } else {
        pass(heap, collector, ctx, sr, anyWeight, allBound, false, false);
      }
    }

    int size = heap.size;
    long total;
    boolean totalExact;
    if (size < n) {
      // nothing was ever pruned (pruning starts once N are held): every match was collected
      total = size;
      totalExact = true;
    } else {
      IndexReader reader = searcher.getIndexReader();
      boolean countable = filters.isEmpty() && !reader.hasDeletions();
      total = countable ? Math.max(size, maxDocFreq) : size;
      totalExact = countable && clauses.size() == 1;
    }
    if (!bestFirst) {
      return heap.unordered(total, totalExact);
    }
    int[] docs = new int[size];
    float[] scores = new float[size];
    long[] seqs = new long[size];
    long[][] seqSources = new long[size][];
    int[] localDocs = new int[size];
    double[] multipliers = multiplierByDoc == null ? null : new double[size];
    heap.drainBestFirst(docs, scores, seqs, seqSources, localDocs, multipliers);
    return new Result(docs, scores, seqs, seqSources, localDocs, multipliers, size, total,
        totalExact);
  }

  private static Query combine(List<? extends Query> clauses, Occur occur, List<Query> filters) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (Query q : clauses) {
      b.add(q, occur);
    }
    for (Query f : filters) {
      b.add(f, Occur.FILTER);
    }
    return b.build();
  }

  /** A weight created when a pass first needs a scorer (most queries never reach some passes). */
  private static final class LazyWeight {
    private final IndexSearcher searcher;
    private final Query query;
    private Weight weight;

    LazyWeight(IndexSearcher searcher, Query query) {
      this.searcher = searcher;
      this.query = query;
    }

    Weight get() throws IOException {
      if (weight == null) {
        weight = searcher.createWeight(searcher.rewrite(query), ScoreMode.TOP_SCORES, 1f);
      }
      return weight;
    }
  }

  /**
   * Per region: {@code all} = best score of a document matching every term; {@code part} = best
   * score of a document missing at least one term. Computed like Lucene scores a document: float
   * term scores summed exactly in double, rounded to float once (rounding is monotone, so the
   * bound of an upper bound is an upper bound).
   */
  static void bounds(SegmentRegions sr, List<Similarity.SimScorer> scorers, float[] all, float[] part) {
    for (int r = 0; r < sr.count(); r++) {
      int repeats = sr.repeats[r];
      if (repeats == SegmentRegions.UNKNOWN) {
        all[r] = Float.POSITIVE_INFINITY;
        part[r] = Float.POSITIVE_INFINITY;
        continue;
      }
      long norm = sr.normByte[r];
      if (norm == 0) {
        all[r] = 0; // titles without tokens match nothing
        part[r] = 0;
        continue;
      }
      double sum = 0;
      double minOnce = Double.POSITIVE_INFINITY;
      double maxGain = 0;
      for (Similarity.SimScorer s : scorers) {
        double once = s.score(1f, norm);
        minOnce = Math.min(minOnce, once);
        if (repeats == 0) {
          sum += once;
        } else if (repeats == 1) {
          sum += once;
          maxGain = Math.max(maxGain, s.score(2f, norm) - once);
        } else {
          // shortest title of the region, largest frequency (or saturation: BM25's limit)
          int f = sr.maxFreq[r];
          sum += s.score(f == Integer.MAX_VALUE ? Float.MAX_VALUE : f, norm);
        }
      }
      sum += maxGain;
      all[r] = (float) sum;
      // a document missing term u scores at most sum - once(u) <= sum - minOnce
      part[r] = scorers.size() == 1 ? all[r] : (float) (sum - minOnce);
    }
  }

  /**
   * One pass of {@code weight} over the regions of one segment, in doc id order.
   *
   * @param partial whether this is the pass for products missing a term, after the conjunction
   *     pass: then the documents held when it starts are not collected again
   * @param skipSingleFrequency whether the regions of repeat class 0 were done already
   */
  private static void pass(Heap heap, RegionCollector collector, LeafReaderContext ctx,
      SegmentRegions sr, LazyWeight weight, float[] bounds, boolean partial,
      boolean skipSingleFrequency) throws IOException {
    BulkScorer scorer = null; // created when a region first needs it; only moves forward
    Bits live = ctx.reader().getLiveDocs();
    collector.skipDocs = null;
    for (int r = 0; r < sr.count(); r++) {
      if (skipSingleFrequency && sr.repeats[r] == 0) {
        continue;
      }
      float bound = bounds[r];
      if (heap.full() && (bound < heap.worstScore()
          || (bound == heap.worstScore() && sr.minSeq[r] > heap.worstSeq()))) {
        continue; // nothing in this region can enter
      }
      if (scorer == null) {
        ScorerSupplier supplier = weight.get().scorerSupplier(ctx);
        if (supplier == null) {
          return; // no match in this segment
        }
        scorer = supplier.bulkScorer();
        if (partial) {
          collector.skipDocs = heap.docsIn(ctx.docBase, ctx.reader().maxDoc());
        }
      }
      collector.startRegion(bound);
      int end = sr.start[r + 1];
      int window = FIRST_WINDOW;
      for (int from = sr.start[r]; from < end && !collector.regionDone(); ) {
        int to = (int) Math.min(end, (long) from + window);
        int next = scorer.score(collector, live, from, to);
        if (next == DocIdSetIterator.NO_MORE_DOCS) {
          return; // no further match in this segment
        }
        from = Math.max(to, next);
        window = Math.min(window * 2, MAX_WINDOW);
      }
    }
  }

  /**
   * The cached segment bitsets of every query term ({@link SegmentRegions#frequentTermBits}), or
   * null unless every term has one in this segment.
   */
  private static long[][] denseTermBits(LeafReaderContext ctx, SegmentRegions sr, String field,
      List<TermQuery> clauses, List<TermStates> states) throws IOException {
    Terms terms = ctx.reader().terms(field);
    if (terms == null) {
      return null;
    }
    TermsEnum termsEnum = terms.iterator();
    long[][] bits = new long[clauses.size()][];
    for (int t = 0; t < bits.length; t++) {
      IOSupplier<TermState> supplier = states.get(t).get(ctx);
      TermState state = supplier == null ? null : supplier.get();
      if (state == null) {
        return null;
      }
      termsEnum.seekExact(clauses.get(t).getTerm().bytes(), state);
      bits[t] = sr.frequentTermBits(termsEnum);
      if (bits[t] == null) {
        return null;
      }
    }
    return bits;
  }

  /**
   * The conjunction pass over the regions of repeat class 0 when every term is frequent: there a
   * document matching every term has every term once, so its score is exactly the region's bound,
   * and the matches are the AND of the terms' cached bitsets, read a 64-document word at a time in
   * doc id (= write) order. Same rules as the scorer path: skip a region that cannot enter, stop at
   * the first rejected match (all later ones in the region tie with it and were written later).
   */
  private static void denseConjunction(Heap heap, LeafReaderContext ctx, SegmentRegions sr,
      long[][] bits, float[] bounds) {
    Bits live = ctx.reader().getLiveDocs();
    int docBase = ctx.docBase;
    long[] seqByDoc = sr.seqByDoc;
    for (int r = 0; r < sr.count(); r++) {
      if (sr.repeats[r] != 0) {
        continue;
      }
      float score = bounds[r];
      if (heap.full() && (score < heap.worstScore()
          || (score == heap.worstScore() && sr.minSeq[r] > heap.worstSeq()))) {
        continue;
      }
      int start = sr.start[r];
      int end = sr.start[r + 1];
      regionWords:
      for (int w = start >>> 6, lastWord = (end - 1) >>> 6; w <= lastWord; w++) {
        long word = bits[0][w];
        for (int t = 1; t < bits.length && word != 0; t++) {
          word &= bits[t][w];
        }
        if (word == 0) {
          continue;
        }
        int wordStart = w << 6;
        if (wordStart < start) {
          word &= -1L << (start - wordStart); // previous region
        }
        if (end - wordStart < 64) {
          word &= (1L << (end - wordStart)) - 1; // next region
        }
        while (word != 0) {
          int doc = wordStart + Long.numberOfTrailingZeros(word);
          word &= word - 1;
          if (live != null && !live.get(doc)) {
            continue;
          }
          long seq = seqByDoc[doc];
          if (!heap.full()) {
            heap.add(score, seq, docBase + doc);
          } else if (heap.beats(score, seq)) {
            heap.replaceWorst(score, seq, docBase + doc);
          } else {
            break regionWords; // later matches of this region tie with it, written later
          }
        }
      }
    }
  }

  /**
   * Collects one region at a time into the shared heap. Documents arrive in doc id order, which
   * inside a region is write order.
   */
  private static final class RegionCollector implements LeafCollector {
    private final Heap heap;
    private Scorable scorer;
    private float minCompetitive;
    private long[] seqByDoc;
    private int docBase;
    int[] skipDocs;
    private float bound;
    private long lastSeq;
    private boolean done;

    RegionCollector(Heap heap) {
      this.heap = heap;
    }

    void setLeaf(LeafReaderContext ctx, long[] seqByDoc) {
      this.docBase = ctx.docBase;
      this.seqByDoc = seqByDoc;
    }

    void startRegion(float bound) {
      this.bound = bound;
      this.lastSeq = -1;
      this.done = false;
    }

    boolean regionDone() {
      return done;
    }

    @Override
    public void setScorer(Scorable scorer) throws IOException {
      this.scorer = scorer;
      minCompetitive = 0;
      raise();
    }

    /** The N-th best score, ties included, is a safe minimum: it never decreases. */
    private void raise() throws IOException {
      if (heap.full() && heap.worstScore() > minCompetitive) {
        minCompetitive = heap.worstScore();
        scorer.setMinCompetitiveScore(minCompetitive);
      }
    }

    @Override
    public void collect(int doc) throws IOException {
      if (done) {
        return; // rest of a window after the region was settled
      }
      long seq = seqByDoc[doc];
      lastSeq = seq;
      float score = scorer.score();
      if (skipDocs != null && score > bound) {
        return; // only a match of every term scores above the bound: settled by the conjunction pass
      }
      int global = docBase + doc;
      boolean competitive = !heap.full() || heap.beats(score, seq);
      if (competitive && skipDocs != null && Arrays.binarySearch(skipDocs, global) >= 0) {
        return; // already held from the conjunction pass
      }
      if (!heap.full()) {
        heap.add(score, seq, global);
        raise();
      } else if (competitive) {
        heap.replaceWorst(score, seq, global);
        raise();
      }
      // later documents of this region score <= bound and come after `seq` in write order
      if (heap.full() && (bound < heap.worstScore()
          || (bound == heap.worstScore() && lastSeq >= heap.worstSeq()))) {
        done = true;
      }
    }
  }

  /**
   * The best N: appended until N are held, then a bounded min-heap on (score asc, write order
   * desc) whose root is the worst of the best N (built in O(N) when the N-th arrives: documents
   * often arrive best first, the worst case for inserting one by one into a min-heap). Entries
   * stay in their slot; the heap orders slot numbers. {@link #worstScore()} and {@link
   * #worstSeq()} are defined only when {@link #full()}.
   *
   * <p>Documents offered by {@link SubsetCells} come with their <em>run</em>: the region they
   * belong to, inside which doc id order is write order. Two documents of the same run and score
   * are ordered by doc id, so their write sequence numbers are read only when a comparison with
   * another run needs them ({@link #UNREAD} until then). Candidates are spread over a region of
   * the index, so each such read is a cache miss; a top-100 usually comes from a few cells, and
   * most of its sequence numbers are never read. The commerce multipliers of the documents held
   * are read on output, in one loop (independent loads that overlap), not as documents arrive.
   */
  static final class Heap {
    /** The write sequence number of an entry, until read. */
    static final long UNREAD = -1;
    /** The run of a document offered with its write sequence number: compared by that. */
    static final int NO_RUN = -1;
    private final float[] score;
    private final long[] seq;
    private final int[] doc;
    /** Run of each entry: global doc id of the first document of its region, or NO_RUN. */
    private final int[] run;
    /** Where an {@link #UNREAD} sequence number is: {@code seqSource[slot][local[slot]]}. */
    private final long[][] seqSource;
    private final int[] local;
    /** Slots in insertion order until full, then a min-heap of slots (the worst at 0). */
    private final int[] heap;
    /** Where the multipliers of the output are read from, by global doc id; or null. */
    private final double[] multiplierByDoc;
    int size;

    Heap(int n) {
      this(n, null);
    }

    Heap(int n, double[] multiplierByDoc) {
      score = new float[n];
      seq = new long[n];
      doc = new int[n];
      run = new int[n];
      seqSource = new long[n][];
      local = new int[n];
      heap = new int[n];
      this.multiplierByDoc = multiplierByDoc;
    }

    boolean full() {
      return size == score.length;
    }

    float worstScore() {
      return score[heap[0]];
    }

    long worstSeq() {
      return seqOf(heap[0]);
    }

    private long seqOf(int slot) {
      long q = seq[slot];
      if (q == UNREAD) {
        q = seqSource[slot][local[slot]];
        seq[slot] = q;
      }
      return q;
    }

    /** Whether (s, q) ranks above the current worst: higher score, or same score written earlier. */
    boolean beats(float s, long q) {
      int w = heap[0];
      return s > score[w] || (s == score[w] && q < seqOf(w));
    }

    /**
     * {@link #beats(float, long)} for global document {@code d} of run {@code r} whose write
     * sequence number is {@code seqByDoc[localDoc]}, read only if needed.
     */
    boolean beats(float s, int d, int r, long[] seqByDoc, int localDoc) {
      int w = heap[0];
      if (s != score[w]) {
        return s > score[w];
      }
      if (r != NO_RUN && r == run[w]) {
        return d < doc[w];
      }
      return seqByDoc[localDoc] < seqOf(w);
    }

    /** Whether the entry in slot a ranks below the one in slot b. */
    private boolean worse(int a, int b) {
      if (score[a] != score[b]) {
        return score[a] < score[b];
      }
      if (run[a] != NO_RUN && run[a] == run[b]) {
        return doc[a] > doc[b];
      }
      return seqOf(a) > seqOf(b);
    }

    /** Adds a document while fewer than N are held. */
    void add(float s, long q, int d) {
      assert !full() && q >= 0;
      set(size, s, q, d, NO_RUN, null, 0);
      append();
    }

    /** {@link #add}s global document {@code d} of run {@code r}, sequence number read lazily. */
    void addUnread(float s, int d, int r, long[] seqByDoc, int localDoc) {
      assert !full();
      set(size, s, UNREAD, d, r, seqByDoc, localDoc);
      append();
    }

    private void set(int slot, float s, long q, int d, int r, long[] source, int localDoc) {
      score[slot] = s;
      seq[slot] = q;
      doc[slot] = d;
      run[slot] = r;
      seqSource[slot] = source;
      local[slot] = localDoc;
    }

    private void append() {
      heap[size] = size;
      size++;
      if (full()) {
        heapify();
      }
    }

    private void heapify() {
      for (int i = (size >>> 1) - 1; i >= 0; i--) {
        siftDown(i, size);
      }
    }

    void replaceWorst(float s, long q, int d) {
      assert full() && q >= 0;
      set(heap[0], s, q, d, NO_RUN, null, 0);
      siftDown(0, size);
    }

    /** {@link #replaceWorst} by a document offered as to {@link #addUnread}. */
    void replaceWorstUnread(float s, int d, int r, long[] seqByDoc, int localDoc) {
      assert full();
      set(heap[0], s, UNREAD, d, r, seqByDoc, localDoc);
      siftDown(0, size);
    }

    private void siftDown(int i, int n) {
      int slot = heap[i];
      while (true) {
        int l = 2 * i + 1;
        if (l >= n) {
          break;
        }
        int w = l;
        if (l + 1 < n && worse(heap[l + 1], heap[l])) {
          w = l + 1;
        }
        if (!worse(heap[w], slot)) {
          break;
        }
        heap[i] = heap[w];
        i = w;
      }
      heap[i] = slot;
    }

    /** Sorted doc ids held that belong to [docBase, docBase + maxDoc). */
    int[] docsIn(int docBase, int maxDoc) {
      int[] out = new int[size];
      int k = 0;
      for (int i = 0; i < size; i++) {
        if (doc[i] >= docBase && doc[i] - docBase < maxDoc) {
          out[k++] = doc[i];
        }
      }
      out = Arrays.copyOf(out, k);
      Arrays.sort(out);
      return out;
    }

    /**
     * Empties the heap into the arrays, best first (heap sort); a sequence number may be {@link
     * #UNREAD}, then it is {@code sourcesOut[i][localOut[i]]}. {@code multOut} (null when the
     * heap reads no multipliers) receives each document's multiplier.
     */
    void drainBestFirst(int[] docsOut, float[] scoresOut, long[] seqsOut, long[][] sourcesOut,
        int[] localOut, double[] multOut) {
      if (!full()) {
        heapify();
      }
      for (int end = size - 1; end >= 0; end--) {
        output(heap[0], end, docsOut, scoresOut, seqsOut, sourcesOut, localOut);
        heap[0] = heap[end];
        siftDown(0, end);
      }
      readMultipliers(docsOut, size, multOut);
      size = 0;
    }

    /**
     * The documents held, in no particular order, as a result that shares this heap's arrays (no
     * copy: the heap is used by one search and dropped); the multipliers are read here, as in
     * {@link #drainBestFirst}.
     */
    Result unordered(long totalMatches, boolean totalExact) {
      double[] mult = multiplierByDoc == null ? null : new double[size];
      readMultipliers(doc, size, mult);
      return new Result(doc, score, seq, seqSource, local, mult, size, totalMatches, totalExact);
    }

    private void output(int slot, int i, int[] docsOut, float[] scoresOut, long[] seqsOut,
        long[][] sourcesOut, int[] localOut) {
      docsOut[i] = doc[slot];
      scoresOut[i] = score[slot];
      seqsOut[i] = seq[slot];
      sourcesOut[i] = seqSource[slot];
      localOut[i] = local[slot];
    }

    private void readMultipliers(int[] docs, int n, double[] out) {
      if (out != null) {
        for (int i = 0; i < n; i++) {
          out[i] = multiplierByDoc[docs[i]];
        }
      }
    }
  }
}
