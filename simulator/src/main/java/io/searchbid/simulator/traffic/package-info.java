/**
 * Search traffic: synthetic (Zipf over real WANDS queries, the real BAT weekly and hourly curve, trend, noise, Poisson arrivals) and replay of CSV/JSONL logs. Deterministic given the random stream passed in; no engine dependency.
 */
package io.searchbid.simulator.traffic;
