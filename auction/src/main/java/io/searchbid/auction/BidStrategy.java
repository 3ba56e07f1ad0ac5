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

  /**
   * A one-string form for configuration files and wire formats: {@code manual},
   * {@code maximize_clicks:<maxCpcCapMicros>}, {@code target_cpa:<targetCpaMicros>},
   * {@code target_roas:<ratio>}. Inverse of {@link #parse}.
   */
  default String spec() {
    return switch (this) {
      case ManualCpc m -> "manual";
      case MaximizeClicks m -> "maximize_clicks:" + m.maxCpcCapMicros();
      case TargetCpa t -> "target_cpa:" + t.targetCpaMicros();
      case TargetRoas t -> "target_roas:" + t.targetRoas();
    };
  }

  /** Parses {@link #spec()} strings; the message names the rule on bad input. */
  static BidStrategy parse(String spec) {
    String s = spec == null ? "" : spec.trim();
    int colon = s.indexOf(':');
    String kind = (colon < 0 ? s : s.substring(0, colon)).toLowerCase(java.util.Locale.ROOT);
    String arg = colon < 0 ? "" : s.substring(colon + 1).trim();
    try {
      return switch (kind) {
        case "manual", "manual_cpc" -> MANUAL;
        case "maximize_clicks" -> new MaximizeClicks(Long.parseLong(arg));
        case "target_cpa" -> new TargetCpa(Long.parseLong(arg));
        case "target_roas" -> new TargetRoas(Double.parseDouble(arg));
        default -> throw new IllegalArgumentException("bidStrategy must be one of manual, "
            + "maximize_clicks:<maxCpcCapMicros>, target_cpa:<targetCpaMicros>, target_roas:<ratio>, got '"
            + spec + "'");
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "bidStrategy '" + spec + "' must have a number after ':', got '" + arg + "'");
    }
  }
}
