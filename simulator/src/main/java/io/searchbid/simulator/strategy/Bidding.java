package io.searchbid.simulator.strategy;

import java.util.Map;
import java.util.TreeMap;
import java.util.Collections;

/**
 * How a seller bids for clicks. {@code MANUAL_CPC} bids {@code cpcMicros.get(keyword)} (or
 * {@code defaultCpcMicros}) on each keyword; the automatic modes hand the target to the auction
 * core's bid strategies, which turn it into a bid per auction from the predicted click and
 * conversion rates, never above {@code maxCpcMicros}.
 *
 * @param mode            bidding mode
 * @param defaultCpcMicros manual bid for keywords without their own
 * @param cpcMicros       manual bid per keyword
 * @param target          CPA in micros for TARGET_CPA; ROAS (GMV / spend, e.g. 4.0) for TARGET_ROAS;
 *                        unused otherwise
 * @param maxCpcMicros    cap for the automatic modes
 */
public record Bidding(Mode mode, long defaultCpcMicros, Map<String, Long> cpcMicros, double target, long maxCpcMicros) {
  public enum Mode {
    MANUAL_CPC,
    TARGET_CPA,
    TARGET_ROAS,
    MAX_CLICKS
  }

  public Bidding {
    cpcMicros = Collections.unmodifiableMap(new TreeMap<>(cpcMicros));
    if (defaultCpcMicros < 0) throw new IllegalArgumentException("defaultCpcMicros must be ≥ 0, got " + defaultCpcMicros);
    if (maxCpcMicros < 0) throw new IllegalArgumentException("maxCpcMicros must be ≥ 0, got " + maxCpcMicros);
  }

  public static Bidding manual(long cpcMicros) {
    return new Bidding(Mode.MANUAL_CPC, cpcMicros, Map.of(), 0, cpcMicros);
  }

  public static Bidding targetRoas(double roas, long maxCpcMicros) {
    return new Bidding(Mode.TARGET_ROAS, maxCpcMicros, Map.of(), roas, maxCpcMicros);
  }

  public static Bidding targetCpa(long cpaMicros, long maxCpcMicros) {
    return new Bidding(Mode.TARGET_CPA, maxCpcMicros, Map.of(), cpaMicros, maxCpcMicros);
  }

  public static Bidding maxClicks(long maxCpcMicros) {
    return new Bidding(Mode.MAX_CLICKS, maxCpcMicros, Map.of(), 0, maxCpcMicros);
  }

  /** Manual bid for a keyword. */
  public long cpcFor(String keyword) {
    Long v = cpcMicros.get(keyword);
    return v == null ? defaultCpcMicros : v;
  }
}
