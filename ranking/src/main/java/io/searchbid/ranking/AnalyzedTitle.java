package io.searchbid.ranking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.util.SmallFloat;

/**
 * A title analysed once by {@link TextAnalysis}, for indexing: the tokens exactly as the analyzer
 * emits them (terms and position increments), what the index needs to know about them before the
 * document is written (Lucene's BM25 norm byte, how many tokens repeat), and a {@link TokenStream}
 * that replays them into the index, so the title is not analysed a second time.
 *
 * <p>Reusable and not thread-safe: one instance per indexing thread, refilled per title.
 */
final class AnalyzedTitle {

  private char[][] terms = new char[16][];
  private int[] termLengths = new int[16];
  private int[] positionIncrements = new int[16];
  private int count;
  private int overlaps;
  private final Replay replay = new Replay();

  /** Analyses {@code title} (the chain {@link TextAnalysis#analyzerFor} picks), replacing the previous one. */
  void analyze(String title) {
    count = 0;
    overlaps = 0;
    try (TokenStream ts = TextAnalysis.analyzerFor(title).tokenStream(TextAnalysis.TITLE_FIELD, title)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      PositionIncrementAttribute posInc = ts.addAttribute(PositionIncrementAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        add(term.buffer(), term.length(), posInc.getPositionIncrement());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen on a String reader
    }
  }

  private void add(char[] buf, int len, int posInc) {
    if (count == terms.length) {
      terms = Arrays.copyOf(terms, count * 2);
      termLengths = Arrays.copyOf(termLengths, count * 2);
      positionIncrements = Arrays.copyOf(positionIncrements, count * 2);
    }
    char[] t = terms[count];
    if (t == null || t.length < len) {
      t = new char[Math.max(len, 16)];
      terms[count] = t;
    }
    System.arraycopy(buf, 0, t, 0, len);
    termLengths[count] = len;
    positionIncrements[count] = posInc;
    if (posInc == 0) {
      overlaps++;
    }
    count++;
  }

  /** Number of tokens. */
  int tokenCount() {
    return count;
  }

  /**
   * The norm byte Lucene's BM25 stores for this title: {@code SmallFloat.intToByte4} of the token
   * count minus tokens at the same position (BM25Similarity with discountOverlaps, the default).
   * 0 for a title without tokens (no norm is stored then).
   */
  int normByte() {
    int length = count - overlaps;
    return length == 0 ? 0 : SmallFloat.intToByte4(length) & 0xFF;
  }

  /**
   * Token occurrences beyond the first of each distinct term: 0 when every term occurs once (every
   * term frequency is 1), 1 when exactly one term occurs twice, and so on.
   */
  int extraOccurrences() {
    int distinct = 0;
    outer:
    for (int i = 0; i < count; i++) {
      for (int j = 0; j < i; j++) {
        if (termLengths[i] == termLengths[j]
            && Arrays.equals(terms[i], 0, termLengths[i], terms[j], 0, termLengths[j])) {
          continue outer;
        }
      }
      distinct++;
    }
    return count - distinct;
  }

  /** The largest number of occurrences of one term (0 for a title without tokens). */
  int maxTermFrequency() {
    int max = 0;
    for (int i = 0; i < count; i++) {
      int f = 0;
      for (int j = 0; j < count; j++) {
        if (termLengths[i] == termLengths[j]
            && Arrays.equals(terms[i], 0, termLengths[i], terms[j], 0, termLengths[j])) {
          f++;
        }
      }
      max = Math.max(max, f);
    }
    return max;
  }

  /** A token stream replaying the analysed tokens (the same instance every time; reusable). */
  TokenStream tokenStream() {
    return replay;
  }

  private final class Replay extends TokenStream {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final PositionIncrementAttribute posInc = addAttribute(PositionIncrementAttribute.class);
    private int next;

    @Override
    public boolean incrementToken() {
      if (next == count) {
        return false;
      }
      clearAttributes();
      term.copyBuffer(terms[next], 0, termLengths[next]);
      posInc.setPositionIncrement(positionIncrements[next]);
      next++;
      return true;
    }

    @Override
    public void reset() throws IOException {
      super.reset();
      next = 0;
    }
  }
}
