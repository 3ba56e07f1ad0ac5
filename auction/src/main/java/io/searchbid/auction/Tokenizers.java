package io.searchbid.auction;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKWidthCharFilter;
import org.apache.lucene.analysis.cn.smart.HMMChineseTokenizer;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Default {@link io.searchbid.auction.Tokenizer}s built on Lucene analyzers.
 *
 * <p>Normalisation, in order: (1) width folding ({@code CJKWidthCharFilter}: full-width ASCII
 * {@code ＲＥＤ} → {@code RED}, half-width katakana → full width); (2) segmentation — {@link
 * #standard()} uses Lucene's {@code StandardTokenizer} (Unicode UAX#29 word breaks, one token per Han
 * character), {@link #chinese()} uses smartcn's {@code HMMChineseTokenizer} (the word segmenter of
 * {@code SmartChineseAnalyzer}: Chinese words by a hidden Markov model, Latin words and numbers as
 * runs); (3) lower-casing; (4) English inflection stemming with KStem ({@code KStemFilter},
 * Krovetz 1993: {@code dresses → dress}, {@code lamps → lamp}, {@code batteries → battery}); (5)
 * tokens without any letter or digit (punctuation) are dropped. No stop words are removed: "for"
 * and "with" matter in keywords.
 */
public final class Tokenizers {
  private Tokenizers() {}

  private static final Analyzer STANDARD = analyzer(false);
  private static final Analyzer CHINESE = analyzer(true);

  /** English and other space-separated languages; Han text split per character. */
  public static io.searchbid.auction.Tokenizer standard() {
    return text -> tokens(STANDARD, text);
  }

  /** Mixed Chinese/English text: smartcn word segmentation, same English normalisation. */
  public static io.searchbid.auction.Tokenizer chinese() {
    return text -> tokens(CHINESE, text);
  }

  /** The default: {@link #chinese()}, which segments Chinese and treats English like {@link #standard()}. */
  public static io.searchbid.auction.Tokenizer defaultTokenizer() {
    return chinese();
  }

  /** Adapts any Lucene analyzer (tokens of field "text", punctuation-only tokens dropped). */
  public static io.searchbid.auction.Tokenizer of(Analyzer analyzer) {
    return text -> tokens(analyzer, text);
  }

  private static Analyzer analyzer(boolean chinese) {
    return new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer source = chinese ? new HMMChineseTokenizer() : new StandardTokenizer();
        TokenStream ts = new LowerCaseFilter(source);
        ts = new KStemFilter(ts);
        return new TokenStreamComponents(source, ts);
      }

      @Override
      protected Reader initReader(String fieldName, Reader reader) {
        return new CJKWidthCharFilter(reader);
      }
    };
  }

  static List<String> tokens(Analyzer analyzer, String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>(4);
    try (TokenStream ts = analyzer.tokenStream("text", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        if (hasLetterOrDigit(term)) {
          out.add(term.toString());
        }
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static boolean hasLetterOrDigit(CharTermAttribute term) {
    char[] b = term.buffer();
    for (int i = 0, n = term.length(); i < n; i++) {
      if (Character.isLetterOrDigit(b[i])) {
        return true;
      }
    }
    return false;
  }
}
