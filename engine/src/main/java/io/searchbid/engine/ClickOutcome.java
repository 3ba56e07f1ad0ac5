package io.searchbid.engine;

/**
 * What happened to one click.
 *
 * @param status CHARGED (first use of the token), DUPLICATE (token charged before: same amounts,
 *     nothing charged now) or REJECTED ({@code reason} says why; nothing charged)
 * @param tokenId the click's identity (auction id and slot), stable across repeats
 * @param priceMicros the price the auction set for this click
 * @param chargedMicros what the campaign paid: ≤ price (less when the day's cap was reached)
 * @param reason for REJECTED: malformed, forged, expired, not_yet_valid, unknown_campaign; else null
 */
public record ClickOutcome(
    Status status,
    String tokenId,
    String campaignId,
    String productId,
    long priceMicros,
    long chargedMicros,
    String reason,
    String message) {

  public enum Status {
    CHARGED,
    DUPLICATE,
    REJECTED
  }

  public static ClickOutcome rejected(String reason, String message) {
    return new ClickOutcome(Status.REJECTED, null, null, null, 0, 0, reason, message);
  }

  public boolean accepted() {
    return status != Status.REJECTED;
  }
}
