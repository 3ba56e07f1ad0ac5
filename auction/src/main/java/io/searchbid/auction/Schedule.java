package io.searchbid.auction;

/**
 * When a campaign runs: an optional first and last day (inclusive, epoch days in UTC; {@code
 * Long.MIN_VALUE}/{@code Long.MAX_VALUE} for open ends) and the hours of the day it serves, as a
 * 24-bit mask (bit h set = hour h, 0–23, is on).
 */
public record Schedule(long startEpochDay, long endEpochDay, int hourMask) {
  public static final int ALL_HOURS = (1 << 24) - 1;
  public static final Schedule ALWAYS = new Schedule(Long.MIN_VALUE, Long.MAX_VALUE, ALL_HOURS);

  public Schedule {
    if (endEpochDay < startEpochDay) {
      throw new IllegalArgumentException(
          "endEpochDay must be >= startEpochDay " + startEpochDay + ", got " + endEpochDay);
    }
    if ((hourMask & ~ALL_HOURS) != 0 || hourMask == 0) {
      throw new IllegalArgumentException(
          "hourMask must have only bits 0-23 and at least one set, got 0x" + Integer.toHexString(hourMask));
    }
  }

  /** A schedule serving only hours {@code fromHour} (inclusive) to {@code toHour} (exclusive). */
  public static Schedule hours(int fromHour, int toHour) {
    if (fromHour < 0 || toHour > 24 || fromHour >= toHour) {
      throw new IllegalArgumentException(
          "hours must satisfy 0 <= from < to <= 24, got " + fromHour + ".." + toHour);
    }
    int mask = 0;
    for (int h = fromHour; h < toHour; h++) {
      mask |= 1 << h;
    }
    return new Schedule(Long.MIN_VALUE, Long.MAX_VALUE, mask);
  }

  /** Whether the campaign serves at this instant (epoch milliseconds, UTC). */
  public boolean isActive(long epochMillis) {
    long day = Math.floorDiv(epochMillis, Times.MILLIS_PER_DAY);
    int hour = Times.hourOfDay(epochMillis);
    return day >= startEpochDay && day <= endEpochDay && (hourMask & (1 << hour)) != 0;
  }
}
