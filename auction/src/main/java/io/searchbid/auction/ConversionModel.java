package io.searchbid.auction;

/**
 * Predicted conversion rate per click and order value of an ad group, for the CPA and ROAS bid
 * strategies. The simulator and engine plug in their own (e.g. from product signals).
 */
public interface ConversionModel {
  /** Probability that a click converts, in [0, 1]. */
  double pcvr(AdGroup adGroup);

  /** Value of a conversion in micros (e.g. the product's price), ≥ 0; 0 if unknown. */
  long orderValueMicros(AdGroup adGroup);

  /**
   * {@link #pcvr(AdGroup)} of a matched keyword's ad group, as the auction asks it; a model with
   * per-product data may override it to index an array by {@link IndexedKeyword#productOrdinal()}.
   */
  default double pcvr(IndexedKeyword k) {
    return pcvr(k.adGroup());
  }

  /** {@link #orderValueMicros(AdGroup)} of a matched keyword's ad group (see {@link #pcvr(IndexedKeyword)}). */
  default long orderValueMicros(IndexedKeyword k) {
    return orderValueMicros(k.adGroup());
  }

  /** Same conversion rate for every ad group, value unknown. */
  static ConversionModel constant(double pcvr) {
    if (!(pcvr >= 0 && pcvr <= 1)) {
      throw new IllegalArgumentException("pcvr must be within [0, 1], got " + pcvr);
    }
    return new ConversionModel() {
      @Override
      public double pcvr(AdGroup adGroup) {
        return pcvr;
      }

      @Override
      public long orderValueMicros(AdGroup adGroup) {
        return 0;
      }
    };
  }
}
