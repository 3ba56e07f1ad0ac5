package io.searchbid.simulator.scenario;

import java.math.BigDecimal;

/** Formatting of micros (1 currency unit = 1,000,000 micros) for display at the edges. */
public final class Money {
  public static final long MICROS = 1_000_000L;
  /** Largest amount a scenario may state: one billion currency units. */
  public static final long MAX_MICROS = 1_000_000_000L * MICROS;

  private Money() {}

  /** {@code 12_500_000 → "12.50"}; keeps up to 6 decimals when needed, at least 2. */
  public static String format(long micros) {
    BigDecimal d = BigDecimal.valueOf(micros, 6).stripTrailingZeros();
    if (d.scale() < 2) d = d.setScale(2);
    return d.toPlainString();
  }

  /** Rounded to 2 decimals, for tables. */
  public static String format2(long micros) {
    return BigDecimal.valueOf(micros, 6).setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString();
  }

  public static double toUnits(long micros) {
    return micros / (double) MICROS;
  }

  public static long ofUnits(double units) {
    return Math.round(units * MICROS);
  }
}
