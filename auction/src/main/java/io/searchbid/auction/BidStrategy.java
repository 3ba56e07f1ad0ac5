package io.searchbid.auction;

/**
 * A campaign's bidding goal (configuration only; the runtime state is an {@link AutoBidder}).
 *
 * <ul>
 *   <li>{@link ManualCpc}: bid the keyword's max CPC, else the ad group's default bid.
 *   <li>{@link MaximizeClicks}: scale the manual bids by a multiplier steered so that spend follows
 *       the daily budget's plan; never above {@code maxCpcCapMicros}.
 *   <li>{@link TargetCpa}: bid per click = pCVR × target CPA × feedback multiplier.
 *   <li>{@link TargetRoas}: bid per click = pCVR × order value ÷ target ROAS × feedback multiplier.
 * </ul>
 */
public sealed interface BidStrategy {
  record ManualCpc() implements BidStrategy {}

  /** @param maxCpcCapMicros the most the strategy may bid per click, > 0 */
  record MaximizeClicks(long maxCpcCapMicros) implements BidStrategy {
    public MaximizeClicks {
      Checks.positive(maxCpcCapMicros, "maxCpcCapMicros", " for strategy maximize_clicks");
    }
  }

  /** @param targetCpaMicros wanted cost per conversion, > 0 */
  record TargetCpa(long targetCpaMicros) implements BidStrategy {
    public TargetCpa {
      Checks.positive(targetCpaMicros, "targetCpaMicros", " for strategy target_cpa");
    }
  }

  /** @param targetRoas wanted conversion value ÷ spend (e.g. 4.0 = 400 %), > 0 */
  record TargetRoas(double targetRoas) implements BidStrategy {
    public TargetRoas {
      if (!(targetRoas > 0) || Double.isInfinite(targetRoas)) {
        throw new IllegalArgumentException(
            "targetRoas must be a finite number > 0, got " + targetRoas + " for strategy target_roas");
      }
    }
  }

  BidStrategy MANUAL = new ManualCpc();
}
