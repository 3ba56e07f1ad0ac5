package io.searchbid.simulator.strategy;

/**
 * How a seller runs their shop, one decision a day. The simulator calls {@link #plan} before day 0
 * (with an empty history) and after every day (with that day's report appended); the returned plan
 * is in force for the whole next day: list prices, ad budget and bids, which products advertise,
 * and which promotion activities each product enrols in.
 *
 * <p>One instance serves one seller in one replicate, so it may keep state between calls. It must
 * be deterministic: take any randomness from {@link SellerView#random()}. Implement this interface
 * and name the class in a scenario ({@code strategy: {class: com.acme.MyStrategy, ...}}); the class
 * needs a public constructor taking a {@link com.fasterxml.jackson.databind.JsonNode} (the strategy
 * mapping) or a public no-argument constructor.
 */
public interface SellerStrategy {

  /** Tomorrow's plan. Start from {@code view.current()} and change what you decide to change. */
  SellerPlan plan(SellerView view);
}
