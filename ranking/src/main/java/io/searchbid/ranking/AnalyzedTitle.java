package io.searchbid.ranking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.util.SmallFloat;

/**
 * Titles analysed once by {@link TextAnalysis}, for indexing: the tokens exactly as the analyzer
 * emits them (terms and position increments), what the index needs to know about each title before
 * its document is written (Lucene's BM25 norm byte, how its terms repeat), and a {@link
 * TokenStream} that replays one title into the index, so no title is analysed twice.
 *
 * <p>Holds a batch of titles, so that a bulk load can analyse a chunk, sort it into index order and
 * only then add the documents. Reusable and not thread-safe: one instance per indexing thread.
 */
final class AnalyzedTitle {

  private char[] chars = new char[1024];
  private int charCount;
  // per token
  private int[] termStart = new int[128];
  private int[] termLength = new int[128];
  private int[] positionIncrement = new int[128];
  private int tokenCount;
  // per title: its first token (titleStart[n] = tokenCount) and statistics
  private int[] titleStart = new int[17];
  private int[] normByte = new int[16];
  private int[] extra = new int[16];
  private int[] maxFreq = new int[16];
  private int titles;
  private final Replay replay = new Replay();

  /** Forgets every title (keeps the buffers). */
  void clear() {
    charCount = 0;
    tokenCount = 0;
    titles = 0;
  }

  /** Number of titles held. */
  int size() {
    return titles;
  }

  /**
   * Analyses {@code title} (the chain {@link TextAnalysis#analyzerFor} picks) and appends it.
   *
   * @return its index in this batch
   */
  int add(String title) {
    if (titles + 1 == titleStart.length) {
      int n = titleStart.length * 2;
      titleStart = Arrays.copyOf(titleStart, n);
      normByte = Arrays.copyOf(normByte, n);
      extra = Arrays.copyOf(extra, n);
      maxFreq = Arrays.copyOf(maxFreq, n);
    }
    int first = tokenCount;
    int overlaps = 0;
    try (TokenStream ts = TextAnalysis.analyzerFor(title).tokenStream(TextAnalysis.TITLE_FIELD, title)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      PositionIncrementAttribute posInc = ts.addAttribute(PositionIncrementAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        int inc = posInc.getPositionIncrement();
        addToken(term.buffer(), term.length(), inc);
        if (inc == 0) {
          overlaps++;
        }
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen on a String reader
    }
    int t = titles++;
    titleStart[t] = first;
    titleStart[titles] = tokenCount;
    int length = tokenCount - first - overlaps;
    normByte[t] = length == 0 ? 0 : SmallFloat.intToByte4(length) & 0xFF;
    countRepeats(t, first, tokenCount);
    return t;
  }

  private void addToken(char[] buf, int len, int posInc) {
    if (tokenCount == termStart.length) {
      int n = tokenCount * 2;
      termStart = Arrays.copyOf(termStart, n);
      termLength = Arrays.copyOf(termLength, n);
      positionIncrement = Arrays.copyOf(positionIncrement, n);
    }
    if (charCount + len > chars.length) {
      chars = Arrays.copyOf(chars, Math.max(chars.length * 2, charCount + len));
    }
    System.arraycopy(buf, 0, chars, charCount, len);
    termStart[tokenCount] = charCount;
    termLength[tokenCount] = len;
    positionIncrement[tokenCount] = posInc;
    charCount += len;
    tokenCount++;
  }

  /** Repeat statistics of one title: one O(tokens²) pass (titles have a few tokens). */
  private void countRepeats(int t, int from, int to) {
    int distinct = 0;
    int max = to > from ? 1 : 0;
    for (int i = from; i < to; i++) {
      int seenBefore = 0;
      for (int j = from; j < i; j++) {
        if (termLength[i] == termLength[j]
            && Arrays.equals(chars, termStart[i], termStart[i] + termLength[i],
                chars, termStart[j], termStart[j] + termLength[j])) {
          seenBefore++;
        }
      }
      if (seenBefore == 0) {
        distinct++;
      }
      max = Math.max(max, seenBefore + 1); // at its last occurrence a term has seen all the others
    }
    extra[t] = (to - from) - distinct;
    maxFreq[t] = max;
  }

  /** Number of tokens of title {@code t}. */
  int tokenCount(int t) {
    return titleStart[t + 1] - titleStart[t];
  }

  /**
   * The norm byte Lucene's BM25 stores for title {@code t}: {@code SmallFloat.intToByte4} of the
   * token count minus tokens at the same position (BM25Similarity with discountOverlaps, the
   * default). 0 for a title without tokens (no norm is stored then).
   */
  int normByte(int t) {
    return normByte[t];
  }

  /**
   * Token occurrences of title {@code t} beyond the first of each distinct term: 0 when every term
   * occurs once (every term frequency is 1), 1 when exactly one term occurs twice, and so on.
   */
  int extraOccurrences(int t) {
    return extra[t];
  }

  /** The largest number of occurrences of one term in title {@code t} (0 without tokens). */
  int maxTermFrequency(int t) {
    return maxFreq[t];
  }

  /** The index-sort value of title {@code t} written with sequence number {@code seq}. */
  long orderValue(int t, long seq) {
    return SegmentRegions.orderValue(normByte[t], extra[t], maxFreq[t], seq);
  }

  /** Points the replay {@link #tokenStream()} at title {@code t}. */
  void select(int t) {
    replay.title = t;
  }

  /** A token stream replaying the selected title's tokens (the same instance every time). */
  TokenStream tokenStream() {
    return replay;
  }

  private final class Replay extends TokenStream {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final PositionIncrementAttribute posInc = addAttribute(PositionIncrementAttribute.class);
    int title;
    private int next;
    private int end;

    @Override
    public boolean incrementToken() {
      if (next == end) {
        return false;
      }
      clearAttributes();
      term.copyBuffer(chars, termStart[next], termLength[next]);
      posInc.setPositionIncrement(positionIncrement[next]);
      next++;
      return true;
    }

    @Override
    public void reset() throws IOException {
      super.reset();
      next = titleStart[title];
      end = titleStart[title + 1];
    }
  }
}
