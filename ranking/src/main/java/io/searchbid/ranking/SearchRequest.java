package io.searchbid.ranking;

/**
 * A product search: query text, optional filters, a page.
 *
 * @param text query text, at most {@value #MAX_QUERY_CHARS} characters and
 *     {@value #MAX_QUERY_TERMS} distinct terms after analysis; a query with no terms (blank, only
 *     stop words) matches nothing
 * @param category exact category filter, or null for any
 * @param brand exact brand filter, or null for any
 * @param minPriceMicros inclusive lower bound of the listing price, micros ({@code 0} = none)
 * @param maxPriceMicros inclusive upper bound, micros ({@link Long#MAX_VALUE} = none)
 * @param page zero-based page number
 * @param size page size, 1..{@value #MAX_PAGE_SIZE}
 * @param explain whether hits carry their {@link ScoreParts}
 */
public record SearchRequest(
    String text,
    String category,
    String brand,
    long minPriceMicros,
    long maxPriceMicros,
    int page,
    int size,
    boolean explain) {

  public static final int MAX_QUERY_CHARS = 256;
  public static final int MAX_QUERY_TERMS = 32;
  public static final int MAX_PAGE_SIZE = 1000;

  public SearchRequest {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null");
    }
    if (text.length() > MAX_QUERY_CHARS) {
      throw new IllegalArgumentException(
          "text must be at most " + MAX_QUERY_CHARS + " characters, got " + text.length());
    }
    if (minPriceMicros < 0) {
      throw new IllegalArgumentException("minPriceMicros must be >= 0, got " + minPriceMicros);
    }
    if (maxPriceMicros < minPriceMicros) {
      throw new IllegalArgumentException(
          "maxPriceMicros must be >= minPriceMicros, got maxPriceMicros=" + maxPriceMicros
              + ", minPriceMicros=" + minPriceMicros);
    }
    if (page < 0) {
      throw new IllegalArgumentException("page must be >= 0, got " + page);
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException("size must be in [1, " + MAX_PAGE_SIZE + "], got " + size);
    }
  }

  /** The first {@code k} hits for {@code text}, no filters, no explanation. */
  public static SearchRequest of(String text, int k) {
    return new SearchRequest(text, null, null, 0, Long.MAX_VALUE, 0, k, false);
  }

  public SearchRequest withCategory(String newCategory) {
    return new SearchRequest(text, newCategory, brand, minPriceMicros, maxPriceMicros, page, size, explain);
  }

  public SearchRequest withBrand(String newBrand) {
    return new SearchRequest(text, category, newBrand, minPriceMicros, maxPriceMicros, page, size, explain);
  }

  public SearchRequest withPriceRange(long newMinMicros, long newMaxMicros) {
    return new SearchRequest(text, category, brand, newMinMicros, newMaxMicros, page, size, explain);
  }

  public SearchRequest withPage(int newPage, int newSize) {
    return new SearchRequest(text, category, brand, minPriceMicros, maxPriceMicros, newPage, newSize, explain);
  }

  public SearchRequest withExplain(boolean newExplain) {
    return new SearchRequest(text, category, brand, minPriceMicros, maxPriceMicros, page, size, newExplain);
  }

  /** Offset of the first hit of the page. */
  public int from() {
    return page * size;
  }
}
