package io.searchbid.simulator.strategy;

/** One keyword's ad results for a seller in one day (money in micros; orders and GMV from ad clicks). */
public record KeywordDay(String keyword, long impressions, long clicks, long spendMicros, long orders, long gmvMicros) {}
