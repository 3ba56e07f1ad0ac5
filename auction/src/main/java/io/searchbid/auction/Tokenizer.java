package io.searchbid.auction;

import java.util.List;

/**
 * Turns text (a query or a keyword) into normalised tokens. The {@link AdIndex} tokenises keywords
 * and queries with the same instance, so their normalisation always agrees; the engine plugs in the
 * analyzer that ranking uses for product titles so that keywords, queries and titles tokenise alike.
 *
 * <p>Implementations must be thread-safe and deterministic, and return an empty list (never null)
 * for text without tokens.
 */
@FunctionalInterface
public interface Tokenizer {
  List<String> tokens(String text);
}
