package io.searchbid.simulator.users;

/** What a shopper can see of a product (by the simulation's internal product index). */
public interface ShopperFacts {
  /** Shown price: the cheapest in-stock SKU's price (micros). */
  long priceMicros(int product);

  /** Average rating shown, in [1, 5]. */
  double rating(int product);

  long reviews(int product);

  /** "Sold N" social proof: units sold over the recent window. */
  long recentSales(int product);

  /** Hidden listing appeal (1 = average). */
  double appeal(int product);

  int skuCount(int product);

  long skuPriceMicros(int product, int sku);

  double skuAppeal(int product, int sku);

  boolean skuInStock(int product, int sku);
}
