package io.searchbid.simulator.users;

/** What one shopper did on a page: clicked positions and at most one purchase. Reusable scratch. */
public final class Visit {
  public final boolean[] clicked;
  public int purchasePosition = -1;
  public int purchaseSku = -1;

  public Visit(int capacity) {
    clicked = new boolean[capacity];
  }

  void reset(int n) {
    for (int i = 0; i < n; i++) clicked[i] = false;
    purchasePosition = -1;
    purchaseSku = -1;
  }
}
