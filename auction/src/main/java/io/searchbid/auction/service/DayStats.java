package io.searchbid.auction.service;

/**
 * One campaign's figures for one UTC day. Impressions are counted by the nodes serving ads and
 * flushed to the entity in batches (a crash loses at most the last unflushed batch); everything
 * else is written with the click or conversion it counts.
 *
 * @param chargedClicks clicks charged (including capped and free ones)
 * @param spendMicros money charged
 * @param freeClicks clicks delivered for nothing because the day's cap was reached
 * @param overDeliveredMicros price of clicks not charged (sum of price − charged)
 */
public record DayStats(
    long epochDay,
    long impressions,
    long chargedClicks,
    long spendMicros,
    long freeClicks,
    long overDeliveredMicros,
    long conversions,
    long conversionValueMicros)
    implements CborSerializable {

  public static DayStats empty(long epochDay) {
    return new DayStats(epochDay, 0, 0, 0, 0, 0, 0, 0);
  }

  DayStats plusImpressions(long n) {
    return new DayStats(epochDay, impressions + n, chargedClicks, spendMicros, freeClicks,
        overDeliveredMicros, conversions, conversionValueMicros);
  }

  DayStats plusClick(long priceMicros, long chargedMicros) {
    return new DayStats(epochDay, impressions, chargedClicks + 1, spendMicros + chargedMicros,
        freeClicks + (chargedMicros == 0 && priceMicros > 0 ? 1 : 0),
        overDeliveredMicros + (priceMicros - chargedMicros), conversions, conversionValueMicros);
  }

  DayStats plusConversion(long valueMicros) {
    return new DayStats(epochDay, impressions, chargedClicks, spendMicros, freeClicks,
        overDeliveredMicros, conversions + 1, conversionValueMicros + valueMicros);
  }
}
