package io.searchbid.ranking;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.TermState;
import org.apache.lucene.index.TermStates;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.search.similarities.Similarity;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;
import org.apache.lucene.util.IOSupplier;

/**
 * {@link RegionTopN} for queries of up to {@link #MAX_TERMS} terms: the exact BM25 top-N of one
 * segment, reached through <em>cells</em> of documents that share one known score, best cell first.
 *
 * <p>In a region of repeat class 0 (every title term occurs once; 92% of the synthetic catalog) a
 * document's score depends only on which query terms its title contains: for the subset S it
 * contains, the sum over S of each term's score at frequency 1 and the region's norm. In a region
 * of class 1 (exactly one title term occurs twice; 7%) it depends on S and on which term of S, if
 * any, is the repeated one. So the matches of those regions split into cells (S, region) and (S,
 * repeated term or none, region); every match is in exactly one cell, every document of a cell
 * has the cell's score, and inside a cell documents come in write order (doc id order inside a
 * region). For each S (and repeated term) the cells form a stream, region after region, whose
 * score falls as titles get longer. The streams are visited best score first; in a cell,
 * documents are taken in doc id order until the first one the top-N rejects (every later one ties
 * with it and was written later); the search ends at the first cell that cannot enter. The few
 * regions of class 2 (two or more repeats, any length) and regions whose bound is unknown form one
 * more stream whose documents are scored one by one.
 *
 * <p>Why: scoring the disjunction of the terms region by region (what {@link RegionTopN} does for
 * longer queries) fills a top-100 with whatever matches come first, mostly single-term matches of
 * the most frequent term, which better matches then replace: a three-term query collected about
 * 2,000 documents to keep 100. Here the first N documents taken are, cell by cell, the best there
 * are; a document outside the top-N is never looked at, or is the one rejection that ends its cell.
 *
 * <p>A cell's documents are found by its rarest required term (postings advanced into the region;
 * for a repeated term, the segment's list of documents in which it occurs more than once, {@link
 * SegmentRegions#repeatDocs}), checked against the other terms: required ones present, the others
 * absent (postings, or the segment's cached bitsets of frequent terms, {@link
 * SegmentRegions#frequentTermBits}); when every required term has a bitset the cell is read a
 * 64-document word at a time. Filters are materialised once per segment as a bitset.
 *
 * <p>Exactness rests on what {@link RegionTopN}'s bounds rest on: in a region of class 0 or 1 the
 * norm is the region's (checked when the region table is built) and the frequencies are those of
 * the class, and Lucene's score of a document is the float of the exact double sum of its float
 * term scores. Duelled against exhaustive Lucene scoring in {@code RegionTopNTest}.
 */
final class SubsetCells {

  /** Most distinct terms handled here: a query of m terms has 2^m - 1 subsets. */
  static final int MAX_TERMS = 4;

  private SubsetCells() {}

  /**
   * Offers to {@code heap} every document of one segment that can enter it.
   *
   * @param clauses the query terms present in the index, at most {@link #MAX_TERMS}
   * @param states their term states (by leaf)
   * @param scorers their BM25 scorers
   * @param bounds the best score of a document of each region ({@link RegionTopN#bounds})
   * @param filter the non-scoring filters as one weight, or null
   */
  static void collect(RegionTopN.Heap heap, LeafReaderContext ctx, SegmentRegions sr, String field,
      List<TermQuery> clauses, List<TermStates> states, List<Similarity.SimScorer> scorers,
      float[] bounds, Weight filter) throws IOException {
    assert clauses.size() <= MAX_TERMS;
    Terms terms = ctx.reader().terms(field);
    if (terms == null) {
      return;
    }
    Segment seg = new Segment(heap, ctx, sr, terms.iterator());
    // the query terms present in this segment; a term absent here is in no cell of it
    for (int t = 0; t < clauses.size(); t++) {
      IOSupplier<TermState> supplier = states.get(t).get(ctx);
      TermState state = supplier == null ? null : supplier.get();
      if (state != null) {
        seg.addTerm(clauses.get(t).getTerm().bytes(), state, scorers.get(t));
      }
    }
    if (seg.terms == 0) {
      return;
    }
    if (filter != null) {
      Scorer s = filter.scorer(ctx);
      if (s == null) {
        return; // no document of this segment passes the filters
      }
      int maxDoc = ctx.reader().maxDoc();
      FixedBitSet fb = new FixedBitSet(maxDoc);
      DocIdSetIterator it = s.iterator();
      it.nextDoc();
      it.intoBitSet(maxDoc, fb, 0);
      seg.filterBits = fb.getBits();
    }
    int m = seg.terms;
    seg.byDocFreq = new int[m];
    for (int t = 0; t < m; t++) {
      int j = t;
      while (j > 0 && seg.docFreq[seg.byDocFreq[j - 1]] > seg.docFreq[t]) {
        seg.byDocFreq[j] = seg.byDocFreq[j - 1];
        j--;
      }
      seg.byDocFreq[j] = t;
    }
    int[] zero = regionsOfClass(sr, 0);
    int[] one = regionsOfClass(sr, 1);
    for (int t = 0; t < m; t++) {
      seg.data[t] = seg.termDocs(t);
    }
    Stream[] streams = new Stream[(zero.length > 0 ? (1 << m) - 1 : 0)
        + (one.length > 0 ? (m << (m - 1)) + (1 << m) - 1 : 0) + 2];
    int k = 0;
    if (zero.length > 0) {
      double[][] once = scores(seg, sr, zero, 1f);
      for (int mask = 1; mask < 1 << m; mask++) {
        streams[k++] = new Cell(seg, zero, mask, Cell.NO_REPEATS, once, null);
      }
    }
    if (one.length > 0) {
      double[][] once = scores(seg, sr, one, 1f);
      double[][] twice = scores(seg, sr, one, 2f);
      for (int mask = 1; mask < 1 << m; mask++) {
        streams[k++] = new Cell(seg, one, mask, Cell.NONE_REPEATED, once, twice);
        for (int u = 0; u < m; u++) {
          if ((mask & (1 << u)) != 0) {
            streams[k++] = new Cell(seg, one, mask, u, once, twice);
          }
        }
      }
    }
    if (sr.manyStart < sr.seqByDoc.length) {
      streams[k++] = new Listed(seg, bounds);
    }
    int[] unknown = regionsOfClass(sr, SegmentRegions.UNKNOWN);
    if (unknown.length > 0) {
      streams[k++] = new Unknown(seg, unknown, bounds, ctx.reader().getNormValues(field));
    }

    // a max-heap of the streams on their bound (among equal bounds, earlier writes first: fewer
    // documents offered and then replaced)
    int size = 0;
    for (int i = 0; i < k; i++) {
      if (!streams[i].exhausted()) {
        streams[size++] = streams[i];
      }
    }
    for (int i = (size >>> 1) - 1; i >= 0; i--) {
      siftDown(streams, i, size);
    }
    while (size > 0) {
      Stream best = streams[0];
      if (heap.full() && best.bound < heap.worstScore()) {
        return; // the best remaining stream cannot enter: no other can
      }
      // the best bound of the others: documents above it may all be offered now
      float floor = size > 1 ? streams[1].bound : Float.NEGATIVE_INFINITY;
      if (size > 2) {
        floor = Math.max(floor, streams[2].bound);
      }
      best.visit(floor);
      if (best.exhausted()) {
        streams[0] = streams[--size];
      }
      siftDown(streams, 0, size);
    }
  }

  private static boolean before(Stream a, Stream b) {
    return a.bound > b.bound || (a.bound == b.bound && a.minSeq() < b.minSeq());
  }

  private static void siftDown(Stream[] h, int i, int size) {
    while (true) {
      int c = 2 * i + 1;
      if (c >= size) {
        return;
      }
      if (c + 1 < size && before(h[c + 1], h[c])) {
        c++;
      }
      if (!before(h[c], h[i])) {
        return;
      }
      Stream t = h[i];
      h[i] = h[c];
      h[c] = t;
      i = c;
    }
  }

  /**
   * The first index {@code >= from} of sorted {@code a} whose value is {@code >= target} ({@code
   * a.length} if none): a few steps forward, then exponential and binary search.
   */
  static int gallop(int[] a, int from, int target) {
    int n = a.length;
    if (from >= n || a[from] >= target) {
      return from;
    }
    int stop = Math.min(n, from + 8);
    int i = from + 1;
    while (i < stop && a[i] < target) {
      i++;
    }
    if (i < stop || stop == n) {
      return i;
    }
    int lo = stop - 1; // a[lo] < target
    int step = 8;
    int hi = stop;
    while (hi < n && a[hi] < target) {
      lo = hi;
      step <<= 1;
      hi = (int) Math.min(n, (long) lo + step);
    }
    int r = Arrays.binarySearch(a, lo + 1, Math.min(n, hi + 1), target);
    return r >= 0 ? r : -r - 1;
  }

  /**
   * Regions of one repeat class, in index order (for classes 0 and 1: length ascending; titles
   * without tokens left out).
   */
  private static int[] regionsOfClass(SegmentRegions sr, int repeatClass) {
    int[] out = new int[sr.count()];
    int n = 0;
    for (int r = 0; r < sr.count(); r++) {
      if (sr.repeats[r] == repeatClass && (sr.normByte[r] != 0 || repeatClass < 0)) {
        out[n++] = r;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** Each term's score at frequency {@code freq} and each region's norm, as Lucene computes it. */
  private static double[][] scores(Segment seg, SegmentRegions sr, int[] regions, float freq) {
    double[][] out = new double[seg.terms][regions.length];
    for (int t = 0; t < seg.terms; t++) {
      for (int i = 0; i < regions.length; i++) {
        out[t][i] = seg.sims[t].score(freq, sr.normByte[regions[i]]);
      }
    }
    return out;
  }

  /** What the streams of one segment share. */
  private static final class Segment {
    final RegionTopN.Heap heap;
    final SegmentRegions sr;
    final int docBase;
    final long[] seqByDoc;
    final Bits live;
    final TermsEnum termsEnum;
    final BytesRef[] bytes = new BytesRef[MAX_TERMS];
    final TermState[] states = new TermState[MAX_TERMS];
    final Similarity.SimScorer[] sims = new Similarity.SimScorer[MAX_TERMS];
    final long[][] bits = new long[MAX_TERMS][];
    final int[] docFreq = new int[MAX_TERMS];
    /** Each term's documents (unless it has a bitset) and repeats. */
    final SegmentRegions.TermDocs[] data = new SegmentRegions.TermDocs[MAX_TERMS];
    int terms;
    long[] filterBits;
    /** The terms by document frequency, ascending (set once every term is added). */
    int[] byDocFreq;

    Segment(RegionTopN.Heap heap, LeafReaderContext ctx, SegmentRegions sr, TermsEnum termsEnum) {
      this.heap = heap;
      this.sr = sr;
      this.docBase = ctx.docBase;
      this.seqByDoc = sr.seqByDoc;
      this.live = ctx.reader().getLiveDocs();
      this.termsEnum = termsEnum;
    }

    void addTerm(BytesRef term, TermState state, Similarity.SimScorer sim) throws IOException {
      int t = terms++;
      bytes[t] = term;
      states[t] = state;
      sims[t] = sim;
      termsEnum.seekExact(term, state);
      docFreq[t] = termsEnum.docFreq();
      bits[t] = sr.frequentTermBits(termsEnum);
    }

    SegmentRegions.TermDocs termDocs(int t) throws IOException {
      termsEnum.seekExact(bytes[t], states[t]);
      return sr.termDocs(termsEnum);
    }

    PostingsEnum postings(int t, int flags) throws IOException {
      termsEnum.seekExact(bytes[t], states[t]);
      return termsEnum.postings(null, flags);
    }

    boolean passesFilter(int doc) {
      return (filterBits == null || (filterBits[doc >>> 6] & (1L << doc)) != 0)
          && (live == null || live.get(doc));
    }

    /**
     * Offers a document of region {@code region} with score {@code score}; false when the top-N
     * rejects it (then every later document of the same cell is rejected too: same score, written
     * later). Its write sequence number is read only if needed ({@link RegionTopN.Heap}).
     */
    boolean offer(float score, int doc, int region) {
      int run = docBase + sr.start[region];
      if (!heap.full()) {
        heap.addUnread(score, docBase + doc, run, seqByDoc, doc);
        return true;
      }
      if (heap.beats(score, docBase + doc, run, seqByDoc, doc)) {
        heap.replaceWorstUnread(score, docBase + doc, run, seqByDoc, doc);
        return true;
      }
      return false;
    }

    /** {@link #offer(float, int, int)} of a document whose write sequence number is known. */
    boolean offer(float score, int doc, long seq) {
      if (!heap.full()) {
        heap.add(score, seq, docBase + doc);
        return true;
      }
      if (heap.beats(score, seq)) {
        heap.replaceWorst(score, seq, docBase + doc);
        return true;
      }
      return false;
    }
  }

  /** Documents of one segment in non-increasing order of their best possible score. */
  private abstract static class Stream {
    /** Best score of a document not offered yet (while not {@link #exhausted()}). */
    float bound;

    abstract boolean exhausted();

    /** Smallest write sequence number among the next documents (orders streams of equal bound). */
    abstract long minSeq();

    /**
     * Offers the next documents, at least those that score {@link #bound}, and moves on. Those
     * scoring above {@code floor} (the best bound of the other streams) may be offered too.
     */
    abstract void visit(float floor) throws IOException;
  }

  /** A stream of regions, in order; {@link #bound} holds for the current region and all later. */
  private abstract static class RegionStream extends Stream {
    final Segment seg;
    final int[] regions;
    /** Index of the current region in {@link #regions}. */
    int pos;

    RegionStream(Segment seg, int[] regions) {
      this.seg = seg;
      this.regions = regions;
    }

    @Override
    final boolean exhausted() {
      return pos >= regions.length;
    }

    @Override
    final long minSeq() {
      return seg.sr.minSeq[regions[pos]];
    }

    /** Offers the documents of {@code region} that can enter, in doc id order. */
    abstract void scan(int region) throws IOException;

    /** The bound from region {@code regions[i]} on. */
    abstract float boundAt(int i);

    @Override
    final void visit(float floor) throws IOException {
      int r = regions[pos];
      RegionTopN.Heap heap = seg.heap;
      if (!heap.full() || bound > heap.worstScore() || seg.sr.minSeq[r] < heap.worstSeq()) {
        scan(r);
      } // else: at most a tie with the N-th, and every document of the region was written later
      pos++;
      if (pos < regions.length) {
        bound = boundAt(pos);
      }
    }
  }

  /**
   * The documents of regions of class 0 or 1 that contain exactly the query terms of {@link #mask},
   * and (class 1) in which {@link #repeated} is the repeated term.
   */
  private static final class Cell extends RegionStream {
    /** {@link #repeated} in class-0 regions: no title term repeats. */
    static final int NO_REPEATS = -2;
    /** {@link #repeated} in class-1 regions: the repeated title term is not a query term. */
    static final int NONE_REPEATED = -1;

    final int mask;
    final int repeated;
    final double[][] once;
    final double[][] twice;
    /** Required term whose documents lead the iteration, or -1. */
    final int lead;
    /** Whether {@link #repeated}'s list of repeats leads the iteration. */
    final boolean repeatsLead;
    /** The leading documents (a term's or a list of repeats), or null: bitsets lead. */
    final int[] leadDocs;
    /** Position in {@link #leadDocs}; only moves forward. */
    int leadPos;
    /**
     * Bitsets of the required terms that do not lead (rarest first) and of the other terms (most
     * frequent first), at most 4, with the word to XOR each with: 0 (required) or -1 (excluded:
     * the complement); unused slots null.
     */
    final long[] bits0;
    final long[] bits1;
    final long[] bits2;
    final long[] bits3;
    final long flip0;
    final long flip1;
    final long flip2;
    final long flip3;
    /** Required terms (other than the leading one) and other terms without a bitset. */
    final int[] requiredDocs;
    final int[] excludedDocs;
    /** A term that must be the repeated one (when its repeats do not lead), or -1. */
    final int mustRepeat;
    /** Terms that must not repeat (class 1, the repeated term not a query term). */
    final int[] mustNotRepeat;
    /** Position in each term's documents (terms without a bitset); only moves forward. */
    final int[] docPos;
    /** Position in each term's list of repeats; only moves forward. */
    final int[] repeatPos;

    Cell(Segment seg, int[] regions, int mask, int repeated, double[][] once, double[][] twice) {
      super(seg, regions);
      this.mask = mask;
      this.repeated = repeated;
      this.once = once;
      this.twice = twice;
      int lead = -1;
      for (int t = 0; t < seg.terms; t++) {
        if ((mask & (1 << t)) != 0 && seg.bits[t] == null
            && (lead < 0 || seg.docFreq[t] < seg.docFreq[lead])) {
          lead = t;
        }
      }
      this.repeatsLead = repeated >= 0
          && (lead < 0 || seg.data[repeated].twice().length <= seg.docFreq[lead]);
      this.lead = repeatsLead ? -1 : lead;
      this.leadDocs = repeatsLead ? seg.data[repeated].twice()
          : lead >= 0 ? seg.data[lead].docs() : null;
      int nReqBits = 0;
      int nExclBits = 0;
      int nReqDocs = 0;
      int nExclDocs = 0;
      long[][] reqBits = new long[seg.terms][];
      long[][] exclBits = new long[seg.terms][];
      int[] reqDocs = new int[seg.terms];
      int[] exclDocs = new int[seg.terms];
      int[] noRepeat = new int[seg.terms];
      int nNoRepeat = 0;
      // checks most likely to reject first: rarer required terms, more frequent excluded ones
      for (int j = 0; j < seg.terms; j++) {
        int t = seg.byDocFreq[j];
        boolean required = (mask & (1 << t)) != 0;
        if (required && (t == this.lead || (repeatsLead && t == repeated))) {
          continue; // present by construction
        }
        if (seg.bits[t] != null) {
          if (required) {
            reqBits[nReqBits++] = seg.bits[t];
          } else {
            exclBits[nExclBits++] = seg.bits[t];
          }
        } else if (required) {
          reqDocs[nReqDocs++] = t;
        } else {
          exclDocs[nExclDocs++] = t;
        }
      }
      if (repeated == NONE_REPEATED) {
        for (int t = 0; t < seg.terms; t++) {
          if ((mask & (1 << t)) != 0) {
            noRepeat[nNoRepeat++] = t;
          }
        }
      }
      long[][] checked = new long[4][];
      long[] flips = new long[4];
      int nChecked = 0;
      for (int j = 0; j < nReqBits; j++) {
        checked[nChecked++] = reqBits[j];
      }
      for (int j = nExclBits - 1; j >= 0; j--) {
        flips[nChecked] = -1L;
        checked[nChecked++] = exclBits[j];
      }
      this.bits0 = checked[0];
      this.bits1 = checked[1];
      this.bits2 = checked[2];
      this.bits3 = checked[3];
      this.flip0 = flips[0];
      this.flip1 = flips[1];
      this.flip2 = flips[2];
      this.flip3 = flips[3];
      this.requiredDocs = Arrays.copyOf(reqDocs, nReqDocs);
      this.excludedDocs = reversed(exclDocs, nExclDocs);
      this.mustRepeat = repeated >= 0 && !repeatsLead ? repeated : -1;
      this.mustNotRepeat = Arrays.copyOf(noRepeat, nNoRepeat);
      this.docPos = new int[seg.terms];
      this.repeatPos = new int[seg.terms];
      this.bound = boundAt(0);
    }

    private static int[] reversed(int[] a, int n) {
      int[] out = new int[n];
      for (int i = 0; i < n; i++) {
        out[i] = a[n - 1 - i];
      }
      return out;
    }

    @Override
    float boundAt(int i) {
      double sum = 0;
      for (int t = 0; t < seg.terms; t++) {
        if ((mask & (1 << t)) != 0) {
          sum += t == repeated ? twice[t][i] : once[t][i];
        }
      }
      return (float) sum;
    }

    /** The first document >= target that contains term {@code t} (moves forward only). */
    private int advance(int t, int target) {
      int[] docs = seg.data[t].docs();
      int i = gallop(docs, docPos[t], target);
      docPos[t] = i;
      return i < docs.length ? docs[i] : DocIdSetIterator.NO_MORE_DOCS;
    }

    /** The first document >= target in which term {@code t} repeats (moves forward only). */
    private int advanceRepeats(int t, int target) {
      int[] docs = seg.data[t].twice();
      int i = gallop(docs, repeatPos[t], target);
      repeatPos[t] = i;
      return i < docs.length ? docs[i] : DocIdSetIterator.NO_MORE_DOCS;
    }

    /**
     * Whether the terms with a bitset agree with the cell: one AND-NOT word, one branch.
     */
    private boolean bitsAdmit(int doc) {
      return (admitted(doc >>> 6) & (1L << doc)) != 0;
    }

    /**
     * Word {@code w} of the documents the terms with a bitset admit to the cell (the null checks
     * are the same for every word of the cell, so they predict perfectly).
     */
    private long admitted(int w) {
      long word = bits0 == null ? -1L : bits0[w] ^ flip0;
      if (bits1 != null) {
        word &= bits1[w] ^ flip1;
        if (bits2 != null) {
          word &= bits2[w] ^ flip2;
          if (bits3 != null) {
            word &= bits3[w] ^ flip3;
          }
        }
      }
      return word;
    }

    /**
     * After {@link #bitsAdmit}: {@code doc} when it belongs to the cell (it holds the leading term
     * or repeat, if any), else a document > doc to go on from. Checks the terms without a bitset,
     * repeats and filters.
     */
    private int checkDocs(int doc) {
      for (int t : requiredDocs) {
        int d = advance(t, doc);
        if (d != doc) {
          return d; // leapfrog: nothing in between has term t
        }
      }
      for (int t : excludedDocs) {
        if (advance(t, doc) == doc) {
          return doc + 1;
        }
      }
      if (mustRepeat >= 0) {
        int d = advanceRepeats(mustRepeat, doc);
        if (d != doc) {
          return d;
        }
      }
      for (int t : mustNotRepeat) {
        if (advanceRepeats(t, doc) == doc) {
          return doc + 1;
        }
      }
      return seg.passesFilter(doc) ? doc : doc + 1;
    }

    @Override
    void scan(int region) throws IOException {
      int start = seg.sr.start[region];
      int end = seg.sr.start[region + 1];
      float score = bound;
      if (leadDocs == null) {
        scanWords(region, start, end, score);
        return;
      }
      int[] docs = leadDocs;
      int i = gallop(docs, leadPos, start);
      int stop = gallop(docs, i, end);
      while ((i = nextAdmitted(docs, i, stop)) < stop) {
        int doc = docs[i];
        int next = checkDocs(doc);
        if (next == doc) {
          if (!seg.offer(score, doc, region)) {
            break;
          }
          i++;
        } else {
          i = next == doc + 1 ? i + 1 : Math.min(stop, gallop(docs, i + 1, next));
        }
      }
      leadPos = i;
    }

    /**
     * The first index in [i, stop) of {@code docs} whose document {@link #bitsAdmit}s, or {@code
     * stop}: the loop most candidates end in (a sparse cell rejects most of its leading term's
     * documents), with the usual one or two bitsets in locals.
     */
    private int nextAdmitted(int[] docs, int i, int stop) {
      long[] b0 = bits0;
      long[] b1 = bits1;
      if (b0 == null) {
        return i;
      }
      long f0 = flip0;
      if (b1 == null) {
        while (i < stop && ((b0[docs[i] >>> 6] ^ f0) & (1L << docs[i])) == 0) {
          i++;
        }
        return i;
      }
      long f1 = flip1;
      if (bits2 == null) {
        while (i < stop) {
          int doc = docs[i];
          int w = doc >>> 6;
          if (((b0[w] ^ f0) & (b1[w] ^ f1) & (1L << doc)) != 0) {
            break;
          }
          i++;
        }
        return i;
      }
      while (i < stop && !bitsAdmit(docs[i])) {
        i++;
      }
      return i;
    }

    /** {@link #scan} when every required term has a bitset: 64 documents at a time. */
    private void scanWords(int region, int start, int end, float score) throws IOException {
      for (int w = start >>> 6, last = (end - 1) >>> 6; w <= last; w++) {
        long word = admitted(w); // every term with a bitset: required ones lead
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
          if (checkDocs(doc) == doc && !seg.offer(score, doc, region)) {
            return;
          }
        }
      }
    }
  }

  /**
   * The documents of the regions of class 2 (two or more repeats, any length; few), scored from
   * the terms' frequencies there ({@link SegmentRegions.TermDocs}) and their norms as Lucene
   * scores them, then offered best first. Until first visited, the stream's bound is the regions'
   * ({@link RegionTopN#bounds}); the first visit scores the documents (leaving out those below the
   * N-th score held) into a max-heap, and later visits take them from it.
   */
  private static final class Listed extends Stream {
    final Segment seg;
    boolean scored;
    /** A binary max-heap on (score, earlier write) once {@link #scored}. */
    int[] docs = new int[16];
    float[] scores = new float[16];
    long[] seqs = new long[16];
    int size;

    Listed(Segment seg, float[] bounds) {
      this.seg = seg;
      float best = Float.NEGATIVE_INFINITY;
      for (int r = 0; r < seg.sr.count(); r++) {
        if (seg.sr.repeats[r] == 2) {
          best = Math.max(best, bounds[r]);
        }
      }
      this.bound = best;
    }

    @Override
    boolean exhausted() {
      return scored && size == 0;
    }

    @Override
    long minSeq() {
      return scored ? seqs[0] : Long.MIN_VALUE;
    }

    @Override
    void visit(float floor) {
      if (!scored) {
        score();
        scored = true;
        if (size > 0) {
          bound = scores[0]; // no more than before: the streams are re-ordered first
        }
        return;
      }
      do {
        if (!seg.offer(scores[0], docs[0], seqs[0])) {
          size = 0; // every other document scores less, or as much and was written later
          return;
        }
        size--;
        if (size > 0) {
          move(size, 0);
          siftDown(0);
        }
      } while (size > 0 && scores[0] > floor);
      if (size > 0) {
        bound = scores[0];
      }
    }

    /** Every match in the regions of class 2 that can still enter, into the heap. */
    private void score() {
      SegmentRegions sr = seg.sr;
      RegionTopN.Heap heap = seg.heap;
      float least = heap.full() ? heap.worstScore() : Float.NEGATIVE_INFINITY;
      int[] at = new int[seg.terms];
      for (int r = 0; r < sr.count(); r++) {
        if (sr.repeats[r] != 2) {
          continue;
        }
        int end = sr.start[r + 1];
        // merge the terms' documents in the region
        int doc = Integer.MAX_VALUE;
        for (int t = 0; t < seg.terms; t++) {
          int[] many = seg.data[t].manyDocs();
          int i = gallop(many, at[t], sr.start[r]);
          at[t] = i;
          if (i < many.length) {
            doc = Math.min(doc, many[i]);
          }
        }
        while (doc < end) {
          long norm = sr.manyNorms[doc - sr.manyStart] & 0xFF;
          double sum = 0;
          int next = Integer.MAX_VALUE;
          for (int t = 0; t < seg.terms; t++) {
            SegmentRegions.TermDocs data = seg.data[t];
            int i = at[t];
            if (i < data.manyDocs().length && data.manyDocs()[i] == doc) {
              sum += seg.sims[t].score(data.manyFreqs()[i], norm);
              at[t] = ++i;
            }
            if (i < data.manyDocs().length) {
              next = Math.min(next, data.manyDocs()[i]);
            }
          }
          float score = (float) sum;
          if (score >= least && seg.passesFilter(doc)) {
            add(doc, score, seg.seqByDoc[doc]);
          }
          doc = next;
        }
      }
      for (int i = (size >>> 1) - 1; i >= 0; i--) {
        siftDown(i);
      }
    }

    private void add(int doc, float score, long seq) {
      if (size == docs.length) {
        docs = Arrays.copyOf(docs, size * 2);
        scores = Arrays.copyOf(scores, size * 2);
        seqs = Arrays.copyOf(seqs, size * 2);
      }
      docs[size] = doc;
      scores[size] = score;
      seqs[size++] = seq;
    }

    private boolean above(int a, int b) {
      return scores[a] > scores[b] || (scores[a] == scores[b] && seqs[a] < seqs[b]);
    }

    private void siftDown(int i) {
      while (true) {
        int c = 2 * i + 1;
        if (c >= size) {
          return;
        }
        if (c + 1 < size && above(c + 1, c)) {
          c++;
        }
        if (!above(c, i)) {
          return;
        }
        int d = docs[i];
        float f = scores[i];
        long q = seqs[i];
        move(c, i);
        docs[c] = d;
        scores[c] = f;
        seqs[c] = q;
        i = c;
      }
    }

    private void move(int from, int to) {
      docs[to] = docs[from];
      scores[to] = scores[from];
      seqs[to] = seqs[from];
    }
  }

  /**
   * Regions whose bound is unknown (a segment not sorted by the region key, or a key that
   * disagrees with the norm): every matching document scored from its postings and norm, as
   * Lucene scores it. Regions in doc id order; the bound is the best of the remaining regions'.
   */
  private static final class Unknown extends RegionStream {
    final float[] regionBounds;
    final float[] suffixMax;
    final NumericDocValues norms;
    final PostingsEnum[] postings;

    Unknown(Segment seg, int[] regions, float[] bounds, NumericDocValues norms) {
      super(seg, regions);
      this.norms = norms;
      this.regionBounds = bounds;
      this.suffixMax = new float[regions.length + 1];
      for (int i = regions.length - 1; i >= 0; i--) {
        suffixMax[i] = Math.max(suffixMax[i + 1], bounds[regions[i]]);
      }
      this.postings = new PostingsEnum[seg.terms];
      this.bound = suffixMax[0];
    }

    @Override
    float boundAt(int i) {
      return suffixMax[i];
    }

    @Override
    void scan(int region) throws IOException {
      RegionTopN.Heap heap = seg.heap;
      float bound = regionBounds[region];
      if (heap.full() && (bound < heap.worstScore()
          || (bound == heap.worstScore() && seg.sr.minSeq[region] > heap.worstSeq()))) {
        return;
      }
      int start = seg.sr.start[region];
      int end = seg.sr.start[region + 1];
      int doc = Integer.MAX_VALUE;
      for (int t = 0; t < seg.terms; t++) {
        if (postings[t] == null) {
          postings[t] = seg.postings(t, PostingsEnum.FREQS);
        }
        int d = postings[t].docID();
        doc = Math.min(doc, d < start ? postings[t].advance(start) : d);
      }
      while (doc < end) {
        long norm = norms != null && norms.advanceExact(doc) ? norms.longValue() : 1L;
        double sum = 0;
        int next = Integer.MAX_VALUE;
        for (int t = 0; t < seg.terms; t++) {
          PostingsEnum p = postings[t];
          if (p.docID() == doc) {
            sum += seg.sims[t].score(p.freq(), norm);
            p.nextDoc();
          }
          next = Math.min(next, p.docID());
        }
        if (seg.passesFilter(doc)) {
          float score = (float) sum;
          long seq = seg.seqByDoc[doc];
          if (!heap.full()) {
            heap.add(score, seq, seg.docBase + doc);
          } else if (heap.beats(score, seq)) {
            heap.replaceWorst(score, seq, seg.docBase + doc);
          }
          // later documents of the region score <= bound and were written after this one
          if (heap.full() && (bound < heap.worstScore()
              || (bound == heap.worstScore() && seq >= heap.worstSeq()))) {
            return;
          }
        }
        doc = next;
      }
    }
  }
}
