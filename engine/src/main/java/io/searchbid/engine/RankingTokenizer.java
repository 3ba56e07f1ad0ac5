package io.searchbid.engine;

import io.searchbid.ranking.TextAnalysis;
import java.util.List;

/**
 * The auction's {@link io.searchbid.auction.Tokenizer} backed by ranking's title analysis, so
 * keywords, queries and product titles tokenise alike (English and Chinese chains, plural folding).
 * Stateless and thread-safe.
 */
public final class RankingTokenizer implements io.searchbid.auction.Tokenizer {

  public static final RankingTokenizer INSTANCE = new RankingTokenizer();

  private RankingTokenizer() {}

  @Override
  public List<String> tokens(String text) {
    return TextAnalysis.tokens(text);
  }
}
