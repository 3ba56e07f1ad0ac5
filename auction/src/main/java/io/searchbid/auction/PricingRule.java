package io.searchbid.auction;

/** How a position auction prices a click. See {@link PositionAuction}. */
public enum PricingRule {
  /** Generalized second price: next ad's rank ÷ own quality + increment [Edelman et al. 2007]. */
  GSP,
  /** Vickrey–Clarke–Groves for position auctions: the externality imposed on the ads below [Varian 2007]. */
  VCG,
  /** Pay the own bid. */
  FIRST_PRICE;

  /** Parses {@code gsp}, {@code vcg}, {@code first_price} (any case, '-' or '_'). */
  public static PricingRule parse(String s) {
    String n = s == null ? "" : s.trim().replace('-', '_');
    for (PricingRule r : values()) {
      if (r.name().equalsIgnoreCase(n)) {
        return r;
      }
    }
    throw new IllegalArgumentException("mechanism must be one of gsp, vcg, first_price, got '" + s + "'");
  }

  /** Lower-case wire name: {@code gsp}, {@code vcg}, {@code first_price}. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
