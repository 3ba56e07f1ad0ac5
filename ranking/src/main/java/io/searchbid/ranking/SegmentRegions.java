package io.searchbid.ranking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;

/**
 * The layout of one index segment, as {@link RegionTopN} needs it: the write sequence number of
 * every document and the segment's <em>regions</em>.
 *
 * <p>The index is sorted by the {@code order} doc value ({@link #orderValue}): the title's BM25 norm
 * byte, then how many title tokens repeat (one repeated term before none), then the write sequence
 * number; titles with two or more repeats (rare) go last, by their largest term frequency (2, 3,
 * 4 or more) and write order, whatever their length. A region is a run of documents with the same
 * key; inside a region, doc id order is write order. Because every title in a region has the same
 * length and term-frequency pattern (or, in the last regions, a known largest frequency and a
 * known shortest length), the best BM25 score any document of the region can reach for a query is
 * known from the region key alone (see {@link RegionTopN}).
 *
 * <p>Built once per segment core (O(maxDoc): one pass over the order doc values and the title
 * norms) and cached across refreshes; deletions do not change it. Immutable.
 */
final class SegmentRegions {

  /** Bits of the order value that hold the write sequence number. */
  static final int SEQ_BITS = 48;
  static final long SEQ_MASK = (1L << SEQ_BITS) - 1;
  /** Repeat class of a region whose bound is unknown: never skipped, never declared done. */
  static final int UNKNOWN = -1;
  /**
   * Region keys of titles with two or more repeated tokens, after all others: this plus the largest
   * term frequency (2, 3, 4 = four or more) minus 2. Keys below are norm byte × 4 + class.
   */
  private static final long MANY_REPEATS = 1024;

  /** First doc of each region, plus maxDoc at the end (length regions + 1). */
  final int[] start;
  /** BM25 norm byte of the titles of each region. */
  final int[] normByte;
  /**
   * Repeat class of each region: 0 = every title term occurs once, 1 = exactly one term occurs
   * twice, 2 = more repeats (any length; {@link #normByte} is then the shortest title's and {@link
   * #maxFreq} bounds the frequencies), {@link #UNKNOWN} = bound unknown.
   */
  final int[] repeats;
  /** For repeat class 2: the largest term frequency of the region's titles (MAX_VALUE: unknown). */
  final int[] maxFreq;
  /** Smallest write sequence number in each region. */
  final long[] minSeq;
  /** Write sequence number by segment doc id. */
  final long[] seqByDoc;
  /** Largest sequence number in the segment (-1 when empty). */
  final long maxSeq;
  /** First document of the regions of class 2 (maxDoc when there are none): they come last. */
  final int manyStart;
  /** The title norm of each document from {@link #manyStart} on. */
  final byte[] manyNorms;
  /** Whole-segment bitsets of frequent title terms ({@link #frequentTermBits}), built on first use. */
  private final ConcurrentHashMap<BytesRef, long[]> termBits = new ConcurrentHashMap<>();
  /** {@link #termDocs} of terms of some frequency, built on first use. */
  private final ConcurrentHashMap<BytesRef, TermDocs> docsByTerm = new ConcurrentHashMap<>();
  /** Least document frequency of a term whose {@link #termDocs} are kept. */
  static final int CACHE_MIN_DOC_FREQ = 256;
  /** Smallest segment (in documents) that caches bitsets of frequent terms. */
  private final int denseMinDocs;
  /** Default {@link #denseMinDocs}: smaller segments are cheap to intersect anyway. */
  static final int DENSE_MIN_DOCS = 1 << 16;

  private SegmentRegions(int[] start, int[] normByte, int[] repeats, int[] maxFreq, long[] minSeq,
      long[] seqByDoc, long maxSeq, int manyStart, byte[] manyNorms, int denseMinDocs) {
    this.denseMinDocs = denseMinDocs;
    this.manyStart = manyStart;
    this.manyNorms = manyNorms;
    this.start = start;
    this.normByte = normByte;
    this.repeats = repeats;
    this.maxFreq = maxFreq;
    this.minSeq = minSeq;
    this.seqByDoc = seqByDoc;
    this.maxSeq = maxSeq;
  }

  int count() {
    return normByte.length;
  }

  /** Whether a term in {@code docFreq} documents of this segment has {@link #frequentTermBits}. */
  boolean hasFrequentTermBits(int docFreq) {
    int maxDoc = seqByDoc.length;
    return maxDoc >= denseMinDocs && docFreq >= maxDoc / 32;
  }

  /**
   * The documents (deleted ones included) containing the term {@code termsEnum} is positioned on,
   * as the words of a bitset over the segment, when the term is in at least 1 of 32 documents of a
   * segment of at least {@link #DENSE_MIN_DOCS}; otherwise null. Built from the postings on first use and kept with the
   * segment: one bit per document and frequent term, so at most 32 × (average title length) bits
   * per document (about 10 MB for the 1M-product synthetic catalog).
   */
  long[] frequentTermBits(TermsEnum termsEnum) throws IOException {
    int maxDoc = seqByDoc.length;
    if (!hasFrequentTermBits(termsEnum.docFreq())) {
      return null;
    }
    long[] cached = termBits.get(termsEnum.term());
    if (cached != null) {
      return cached;
    }
    return termBits.computeIfAbsent(BytesRef.deepCopyOf(termsEnum.term()), k -> {
      try {
        FixedBitSet bits = new FixedBitSet(maxDoc);
        PostingsEnum postings = termsEnum.postings(null, PostingsEnum.NONE);
        postings.nextDoc();
        postings.intoBitSet(maxDoc, bits, 0);
        return bits.getBits();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /**
   * What {@link SubsetCells} reads of one term instead of its postings, in doc id order (deleted
   * documents included).
   *
   * @param docs every document of the term, or null when the term has a bitset ({@link
   *     #frequentTermBits})
   * @param twice the documents before {@link #manyStart} in which the term occurs more than once
   *     (in a region of class 1: exactly twice)
   * @param manyDocs the term's documents from {@link #manyStart} on (the regions of class 2)
   * @param manyFreqs the term's frequency in each of {@code manyDocs}
   */
  record TermDocs(int[] docs, int[] twice, int[] manyDocs, int[] manyFreqs) {}

  /**
   * The {@link TermDocs} of the term {@code termsEnum} is positioned on. Kept with the segment for
   * terms in at least {@link #CACHE_MIN_DOC_FREQ} documents (built from the postings with
   * frequencies on first use), computed on each call for rarer terms. Memory: 4 bytes per document
   * of each term without a bitset (at most 4 bytes × average title length per document) plus the
   * few repeats.
   */
  TermDocs termDocs(TermsEnum termsEnum) throws IOException {
    boolean withDocs = !hasFrequentTermBits(termsEnum.docFreq());
    if (termsEnum.docFreq() < CACHE_MIN_DOC_FREQ) {
      return termDocs(termsEnum.postings(null, PostingsEnum.FREQS), withDocs, termsEnum.docFreq());
    }
    TermDocs cached = docsByTerm.get(termsEnum.term());
    if (cached != null) {
      return cached;
    }
    PostingsEnum postings = termsEnum.postings(null, PostingsEnum.FREQS);
    int docFreq = termsEnum.docFreq();
    return docsByTerm.computeIfAbsent(BytesRef.deepCopyOf(termsEnum.term()), k -> {
      try {
        return termDocs(postings, withDocs, docFreq);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private TermDocs termDocs(PostingsEnum postings, boolean withDocs, int docFreq)
      throws IOException {
    int[] docs = withDocs ? new int[docFreq] : null;
    int nDocs = 0;
    int[] twice = new int[16];
    int nTwice = 0;
    int[] many = new int[16];
    int[] freqs = new int[16];
    int nMany = 0;
    for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
      if (docs != null) {
        docs[nDocs++] = doc;
      }
      if (doc >= manyStart) {
        if (nMany == many.length) {
          many = Arrays.copyOf(many, nMany * 2);
          freqs = Arrays.copyOf(freqs, nMany * 2);
        }
        many[nMany] = doc;
        freqs[nMany++] = postings.freq();
      } else if (postings.freq() > 1) {
        if (nTwice == twice.length) {
          twice = Arrays.copyOf(twice, nTwice * 2);
        }
        twice[nTwice++] = doc;
      }
    }
    assert docs == null || nDocs == docs.length;
    return new TermDocs(docs, Arrays.copyOf(twice, nTwice), Arrays.copyOf(many, nMany),
        Arrays.copyOf(freqs, nMany));
  }

  /**
   * The index-sort key of a product document. Ascending order puts short titles first and, for
   * the same length, titles with a repeated term first: roughly the order of decreasing best BM25
   * score, so the search meets its best candidates early. Titles with two or more repeats form one
   * region at the end (few documents; one region instead of one per length).
   *
   * @param normByte the title's BM25 norm byte ({@link AnalyzedTitle#normByte()})
   * @param extraOccurrences {@link AnalyzedTitle#extraOccurrences()}
   * @param maxTermFrequency {@link AnalyzedTitle#maxTermFrequency()}
   * @param seq write sequence number, in [0, 2^48)
   */
  static long orderValue(int normByte, int extraOccurrences, int maxTermFrequency, long seq) {
    assert normByte >= 0 && normByte < 256 && seq >= 0 && seq <= SEQ_MASK;
    long region = extraOccurrences >= 2
        ? MANY_REPEATS + Math.min(4, maxTermFrequency) - 2
        : ((long) normByte << 2) | (1 - extraOccurrences);
    return (region << SEQ_BITS) | seq;
  }

  static SegmentRegions of(LeafReader reader) throws IOException {
    return of(reader, DENSE_MIN_DOCS);
  }

  /** As {@link #of(LeafReader)}, caching frequent-term bitsets from {@code denseMinDocs} documents. */
  static SegmentRegions of(LeafReader reader, int denseMinDocs) throws IOException {
    int maxDoc = reader.maxDoc();
    NumericDocValues order = DocValues.getNumeric(reader, ProductIndex.ORDER);
    NumericDocValues norms = reader.getNormValues(ProductIndex.TITLE);
    long[] seqByDoc = new long[maxDoc];
    int[] start = new int[8];
    int[] normByte = new int[8];
    int[] repeats = new int[8];
    int[] maxFreq = new int[8];
    long[] minSeq = new long[8];
    int n = 0;
    long prevRegion = Long.MIN_VALUE;
    long prevOrder = Long.MIN_VALUE;
    long maxSeq = -1;
    for (int doc = 0; doc < maxDoc; doc++) {
      // A document without an order value (written by another tool) or out of order (a segment
      // not sorted by it) gets a region of its own whose bound is unknown: correct, just slower.
      long value = order.advanceExact(doc) ? order.longValue() : -1;
      boolean sorted = value >= 0 && value >= prevOrder;
      long region = sorted ? value >>> SEQ_BITS : -2 - doc;
      long seq = value >= 0 ? value & SEQ_MASK : 0;
      seqByDoc[doc] = seq;
      maxSeq = Math.max(maxSeq, seq);
      prevOrder = Math.max(prevOrder, value);
      int actualNorm = norms != null && norms.advanceExact(doc) ? (int) (norms.longValue() & 0xFF) : 0;
      if (region != prevRegion) {
        if (n == start.length) {
          start = Arrays.copyOf(start, n * 2);
          normByte = Arrays.copyOf(normByte, n * 2);
          repeats = Arrays.copyOf(repeats, n * 2);
          maxFreq = Arrays.copyOf(maxFreq, n * 2);
          minSeq = Arrays.copyOf(minSeq, n * 2);
        }
        start[n] = doc;
        boolean many = region >= MANY_REPEATS;
        normByte[n] = region >= 0 && !many ? (int) (region >>> 2) : actualNorm;
        repeats[n] = many ? 2 : region >= 0 ? 1 - (int) (region & 3) : UNKNOWN;
        int f = many ? (int) (region - MANY_REPEATS) + 2 : 0;
        maxFreq[n] = f >= 4 ? Integer.MAX_VALUE : f;
        minSeq[n] = seq;
        n++;
        prevRegion = region;
      }
      minSeq[n - 1] = Math.min(minSeq[n - 1], seq);
      if (repeats[n - 1] == 2) {
        // any length: bound by the shortest (norm bytes order lengths; 0 = no norm, no match)
        if (actualNorm != 0 && (normByte[n - 1] == 0 || actualNorm < normByte[n - 1])) {
          normByte[n - 1] = actualNorm;
        }
      } else if (actualNorm != normByte[n - 1]) {
        // the key disagrees with the norm Lucene computed (e.g. a different analysis chain wrote
        // this segment): the region's bound cannot be trusted
        repeats[n - 1] = UNKNOWN;
      }
    }
    int[] starts = Arrays.copyOf(start, n + 1);
    starts[n] = maxDoc;
    // class-2 keys sort last: from the first class-2 region on, every document is of class 2 or
    // out of order (unknown)
    int manyStart = maxDoc;
    for (int r = 0; r < n; r++) {
      if (repeats[r] == 2) {
        manyStart = starts[r];
        break;
      }
    }
    byte[] manyNorms = new byte[maxDoc - manyStart];
    NumericDocValues tailNorms = reader.getNormValues(ProductIndex.TITLE);
    for (int doc = manyStart; doc < maxDoc; doc++) {
      if (tailNorms != null && tailNorms.advanceExact(doc)) {
        manyNorms[doc - manyStart] = (byte) tailNorms.longValue();
      }
    }
    return new SegmentRegions(starts, Arrays.copyOf(normByte, n), Arrays.copyOf(repeats, n),
        Arrays.copyOf(maxFreq, n), Arrays.copyOf(minSeq, n), seqByDoc, maxSeq, manyStart,
        manyNorms, denseMinDocs);
  }
}
