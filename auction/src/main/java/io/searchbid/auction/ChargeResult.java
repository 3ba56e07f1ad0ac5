package io.searchbid.auction;

/**
 * Outcome of charging one click.
 *
 * @param after the campaign's spend after the charge
 * @param priceMicros what the click was priced at in the auction
 * @param chargedMicros what was actually charged: {@code min(price, cap − spent)}
 */
public record ChargeResult(CampaignSpend after, long priceMicros, long chargedMicros) {
  /** Whether part of the price was not charged because the cap was reached. */
  public boolean capped() {
    return chargedMicros < priceMicros;
  }

  /** The part of the price delivered free, ≥ 0. */
  public long overDeliveredMicros() {
    return priceMicros - chargedMicros;
  }
}
