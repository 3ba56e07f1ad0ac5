package io.searchbid.auction;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bid multipliers by hour of day and by user segment. Each multiplier is in [0.1, 10.0], or exactly
 * 0 to opt out (no bid at all in that hour / for that segment). Missing entries mean 1.0. The
 * effective multiplier is the product of the hour's and the segment's.
 *
 * @param byHour 24 multipliers (index = hour of day 0–23), or empty for all 1.0
 * @param bySegment multiplier per user segment name
 */
public record BidAdjustments(List<Double> byHour, Map<String, Double> bySegment) {
  public static final double MIN = 0.1;
  public static final double MAX = 10.0;
  public static final BidAdjustments NONE = new BidAdjustments(List.of(), Map.of());

  public BidAdjustments {
    byHour = List.copyOf(byHour == null ? List.of() : byHour);
    bySegment = Map.copyOf(bySegment == null ? Map.of() : new TreeMap<>(bySegment));
    if (!byHour.isEmpty() && byHour.size() != 24) {
      throw new IllegalArgumentException("byHour must have 0 or 24 entries, got " + byHour.size());
    }
    for (int h = 0; h < byHour.size(); h++) {
      check(byHour.get(h), "byHour[" + h + "]");
    }
    for (Map.Entry<String, Double> e : bySegment.entrySet()) {
      check(e.getValue(), "bySegment['" + e.getKey() + "']");
    }
  }

  private static void check(Double m, String field) {
    if (m == null || !(m == 0.0 || (m >= MIN && m <= MAX))) {
      throw new IllegalArgumentException(
          field + " must be 0 (opt out) or within [0.1, 10.0], got " + m);
    }
  }

  /** Adjustments by hour only, from an array of 24 multipliers. */
  public static BidAdjustments byHour(double... multipliers) {
    return new BidAdjustments(Arrays.stream(multipliers).boxed().toList(), Map.of());
  }

  /** The combined multiplier for an hour of day (0–23) and a segment (null = none). */
  public double multiplier(int hourOfDay, String segment) {
    double m = byHour.isEmpty() ? 1.0 : byHour.get(hourOfDay);
    if (segment != null && !bySegment.isEmpty()) {
      Double s = bySegment.get(segment);
      if (s != null) {
        m *= s;
      }
    }
    return m;
  }
}
