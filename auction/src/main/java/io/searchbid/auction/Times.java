package io.searchbid.auction;

/** Calendar arithmetic on epoch milliseconds (UTC) without reading any clock. */
public final class Times {
  public static final long MILLIS_PER_HOUR = 3_600_000L;
  public static final long MILLIS_PER_DAY = 86_400_000L;

  private Times() {}

  /** Epoch day (days since 1970-01-01, UTC) of an instant. */
  public static long epochDay(long epochMillis) {
    return Math.floorDiv(epochMillis, MILLIS_PER_DAY);
  }

  /** Hour of day 0–23 (UTC). */
  public static int hourOfDay(long epochMillis) {
    return (int) (Math.floorMod(epochMillis, MILLIS_PER_DAY) / MILLIS_PER_HOUR);
  }

  /** ISO day of week 1 (Monday) – 7 (Sunday); epoch day 0 was a Thursday. */
  public static int isoDayOfWeek(long epochMillis) {
    return (int) Math.floorMod(epochDay(epochMillis) + 3, 7) + 1;
  }

  /** Fraction of the day elapsed, in [0, 1). */
  public static double fractionOfDay(long epochMillis) {
    return Math.floorMod(epochMillis, MILLIS_PER_DAY) / (double) MILLIS_PER_DAY;
  }
}
