package io.searchbid.simulator.users;

/**
 * A reusable scratch page of results as a shopper sees them, top to bottom. Filled by the day loop
 * for each search, read by {@link UserModel}. Not thread-safe; one per worker.
 */
public final class Page {
  public final int capacity;
  public int size;
  public final int[] product;
  public final boolean[] ad;
  /** Text relevance of the result to the query, in [0, 1]. */
  public final double[] relevance;
  /** Index of the ad in the engine's result (ads), or of the organic hit (organic). */
  public final int[] source;
  /** Organic 1-based position (organic results), 0 for ads. */
  public final int[] organicPosition;

  public Page(int capacity) {
    this.capacity = capacity;
    product = new int[capacity];
    ad = new boolean[capacity];
    relevance = new double[capacity];
    source = new int[capacity];
    organicPosition = new int[capacity];
  }

  public void clear() {
    size = 0;
  }

  /** Appends a result; returns false when the page is full. */
  public boolean add(int productIdx, boolean isAd, double rel, int sourceIdx, int orgPos) {
    if (size == capacity) return false;
    product[size] = productIdx;
    ad[size] = isAd;
    relevance[size] = rel;
    source[size] = sourceIdx;
    organicPosition[size] = orgPos;
    size++;
    return true;
  }
}
