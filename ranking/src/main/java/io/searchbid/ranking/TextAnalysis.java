package io.searchbid.ranking;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKWidthCharFilter;
import org.apache.lucene.analysis.cn.smart.HMMChineseTokenizer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The text analysis product titles are indexed with, exposed so that other parts (the keyword
 * auction, via {@code engine}) tokenise exactly like titles.
 *
 * <p>Two chains share the same normalisation and differ only in the tokenizer; the chain is chosen
 * per text: any Han character → Chinese chain, otherwise English chain. Both chains:
 *
 * <ol>
 *   <li>{@link CJKWidthCharFilter}: full-width ASCII → half-width ("ＡＢＣ" → "ABC"),
 *   <li>tokenizer: {@link StandardTokenizer} (Unicode word breaks) for English text, or
 *       {@link HMMChineseTokenizer} (SmartCN's HMM word segmentation; latin runs and digits stay
 *       whole words) for text containing Chinese, so mixed titles like "Nike 运动鞋 running shoes"
 *       work,
 *   <li>lower-casing, ASCII folding ("café" → "cafe"),
 *   <li>stop words: Lucene's English stop set plus SmartCN's punctuation set,
 *   <li>{@link EnglishMinimalStemFilter}: plural folding only ("chairs" → "chair", "dresses" →
 *       "dress"); a stronger stemmer would conflate product types (e.g. "rug"/"rugged").
 * </ol>
 *
 * <p>Because the normalisation after the tokenizer is shared, an English word yields the same token
 * inside a Chinese or mixed title as in an English-only query. Thread-safe: Lucene analyzers keep
 * per-thread token stream components.
 */
public final class TextAnalysis {

  /** Field name the index uses for the analysed title. */
  static final String TITLE_FIELD = "title";

  private static final CharArraySet STOP_WORDS = buildStopSet();

  private static final Analyzer ENGLISH = new Chain(false);
  private static final Analyzer CHINESE = new Chain(true);

  private TextAnalysis() {}

  /**
   * Tokens of {@code text} exactly as a title containing that text is indexed, in order,
   * duplicates kept. Empty text gives an empty list.
   *
   * @throws IllegalArgumentException if {@code text} is null
   */
  public static List<String> tokens(String text) {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null");
    }
    List<String> out = new ArrayList<>();
    try (TokenStream ts = analyzerFor(text).tokenStream(TITLE_FIELD, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen on a String reader
    }
    return out;
  }

  /** True when {@code text} contains at least one Han (Chinese) character. */
  public static boolean containsChinese(String text) {
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      // fast path: nothing below U+2E80 (CJK Radicals Supplement) is Han; most titles are latin
      if (cp >= 0x2E80 && Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) {
        return true;
      }
      i += Character.charCount(cp);
    }
    return false;
  }

  /** The analyzer (English or Chinese chain) that {@code text} is analysed with. */
  public static Analyzer analyzerFor(String text) {
    return containsChinese(text) ? CHINESE : ENGLISH;
  }

  private static CharArraySet buildStopSet() {
    CharArraySet set = new CharArraySet(64, false);
    set.addAll(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
    set.addAll(SmartChineseAnalyzer.getDefaultStopSet());
    return CharArraySet.unmodifiableSet(set);
  }

  private static final class Chain extends Analyzer {
    private final boolean chinese;

    Chain(boolean chinese) {
      this.chinese = chinese;
    }

    @Override
    protected Reader initReader(String fieldName, Reader reader) {
      return new CJKWidthCharFilter(reader);
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
      Tokenizer source = chinese ? new HMMChineseTokenizer() : new StandardTokenizer();
      TokenStream ts = new LowerCaseFilter(source);
      ts = new ASCIIFoldingFilter(ts);
      ts = new StopFilter(ts, STOP_WORDS);
      ts = new EnglishMinimalStemFilter(ts);
      return new TokenStreamComponents(source, ts);
    }

    @Override
    protected Reader initReaderForNormalization(String fieldName, Reader reader) {
      return new CJKWidthCharFilter(reader);
    }
  }
}
