package io.searchbid.auction;

/**
 * One campaign's spend on one day: the single budget rule of searchbid, used by the in-process
 * {@link BudgetLedger} (simulator, engine) and by the service's event-sourced campaign entity.
 *
 * <p>Rule: a campaign is eligible while {@code spentMicros < capMicros}, where {@code capMicros =
 * floor(dailyBudget × overspendAllowance)}. A click charge {@code p} is capped to {@code capMicros −
 * spentMicros}; the part not charged is free over-delivery (counted in {@link #overDeliveredMicros}, a
 * click charged less than its price in {@link #cappedClicks}, one charged nothing also in {@link
 * #freeClicks}). Hence {@code spentMicros ≤ capMicros} whatever the order of charges. A value from an
 * earlier day rolls over to an empty day ({@link #onDay}).
 *
 * <p>Immutable: {@link #charge} returns the new value inside a {@link ChargeResult}; an event-sourced
 * entity persists the result's amounts and replays them with {@link #withCharge}.
 *
 * @param epochDay the day (UTC epoch day) this spend is for
 * @param spentMicros charged so far today, ≥ 0
 * @param clicks clicks charged (including capped and free ones) today
 * @param cappedClicks clicks charged less than their price today
 * @param freeClicks clicks charged nothing today
 * @param overDeliveredMicros sum of (price − charged) today
 */
public record CampaignSpend(
    long epochDay,
    long spentMicros,
    long clicks,
    long cappedClicks,
    long freeClicks,
    long overDeliveredMicros) {

  public CampaignSpend {
    if (spentMicros < 0 || clicks < 0 || cappedClicks < 0 || freeClicks < 0 || overDeliveredMicros < 0) {
      throw new IllegalArgumentException("spend counters must be >= 0, got " + spentMicros + "/" + clicks
          + "/" + cappedClicks + "/" + freeClicks + "/" + overDeliveredMicros);
    }
  }

  /** Nothing spent yet on {@code epochDay}. */
  public static CampaignSpend startOfDay(long epochDay) {
    return new CampaignSpend(epochDay, 0, 0, 0, 0, 0);
  }

  /** {@code floor(dailyBudgetMicros × allowance)}, saturating at {@code Long.MAX_VALUE}. */
  public static long capMicros(long dailyBudgetMicros, double allowance) {
    if (allowance == 1.0) {
      return dailyBudgetMicros;
    }
    double cap = Math.floor(dailyBudgetMicros * allowance);
    return cap >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) cap;
  }

  /** This value if it is for {@code day}, else an empty day (rollover). Days never go backwards. */
  public CampaignSpend onDay(long day) {
    return day == epochDay ? this : (day > epochDay ? startOfDay(day) : this);
  }

  /** Whether the campaign may still be shown today under the given cap. */
  public boolean eligible(long capMicros) {
    return spentMicros < capMicros;
  }

  /** Remaining headroom under the cap, ≥ 0. */
  public long remainingMicros(long capMicros) {
    return Math.max(0, capMicros - spentMicros);
  }

  /**
   * Charges one click of {@code priceMicros} (≥ 0) against {@code capMicros} on day {@code day}
   * (rolling over first if {@code day} is later than this value's day).
   */
  public ChargeResult charge(long day, long priceMicros, long capMicros) {
    if (priceMicros < 0) {
      throw new IllegalArgumentException("priceMicros must be >= 0, got " + priceMicros);
    }
    CampaignSpend today = onDay(day);
    long charged = Math.min(priceMicros, today.remainingMicros(capMicros));
    return new ChargeResult(today.withCharge(day, charged, priceMicros), priceMicros, charged);
  }

  /**
   * Applies an already decided charge (event replay): {@code chargedMicros} of a click priced
   * {@code priceMicros}. Does not check the cap: the decision did.
   */
  public CampaignSpend withCharge(long day, long chargedMicros, long priceMicros) {
    assert chargedMicros >= 0 && chargedMicros <= priceMicros;
    CampaignSpend t = onDay(day);
    long over = priceMicros - chargedMicros;
    return new CampaignSpend(
        t.epochDay,
        t.spentMicros + chargedMicros,
        t.clicks + 1,
        t.cappedClicks + (over > 0 ? 1 : 0),
        t.freeClicks + (chargedMicros == 0 && priceMicros > 0 ? 1 : 0),
        t.overDeliveredMicros + over);
  }
}
