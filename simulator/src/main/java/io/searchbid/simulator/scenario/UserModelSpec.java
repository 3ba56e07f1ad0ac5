package io.searchbid.simulator.scenario;

import java.util.List;

/**
 * How simulated shoppers look, click and buy.
 *
 * @param segments        user segments with their shares (shares sum to 1)
 * @param examination     probability of examining result position 1, 2, ... (last value repeats
 *                        with geometric decay beyond the list)
 * @param pageSize        results a user can see on a page (organic + ads)
 * @param adLabelDiscount attractiveness multiplier of a result labelled as an ad, in (0, 1]
 * @param baseAttraction  click probability of an examined, perfectly relevant, fairly priced,
 *                        average-rated result with no social proof
 * @param baseConversion  purchase probability after a click at the reference price
 * @param maxConversion   cap on purchase probability
 * @param returningShare  share of searches made by a returning customer of some seller
 * @param loyaltyBoost    attractiveness multiplier of the remembered seller's results for them
 * @param reviewRate      probability that a purchase leaves a review (rating drawn around the product's quality)
 */
public record UserModelSpec(
    List<Segment> segments,
    double[] examination,
    int pageSize,
    double adLabelDiscount,
    double baseAttraction,
    double baseConversion,
    double maxConversion,
    double returningShare,
    double loyaltyBoost,
    double reviewRate) {

  public UserModelSpec {
    segments = List.copyOf(segments);
    examination = examination.clone();
  }

  @Override
  public double[] examination() {
    return examination.clone();
  }

  /**
   * A segment of shoppers.
   *
   * @param name              shown in reports, referenced by replayed logs
   * @param share             fraction of synthetic searches made by this segment
   * @param priceElasticity   ε in (price / reference)^(−ε) for both clicks and purchases
   * @param referencePrice    reference price as a multiple of the query's median listed price
   * @param ratingWeight      exponent on rating / 4.5
   * @param reviewWeight      weight of log(1 + reviews) in trust
   * @param socialProofWeight weight of log(1 + recent sales) in attractiveness
   */
  public record Segment(
      String name,
      double share,
      double priceElasticity,
      double referencePrice,
      double ratingWeight,
      double reviewWeight,
      double socialProofWeight) {}
}
