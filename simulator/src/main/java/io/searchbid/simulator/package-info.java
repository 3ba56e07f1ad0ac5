/**
 * searchbid simulator: replays or synthesises marketplace search traffic and tests sellers' pricing,
 * bidding and promotion strategies through the same ranking and auction code as the service. Entry
 * points: {@code io.searchbid.simulator.cli.SimulateCli}, {@code io.searchbid.simulator.cli.TrafficCli};
 * the strategy API lives in {@code io.searchbid.simulator.strategy}. Depends on engine (and through it
 * ranking and auction); never on bench.
 */
package io.searchbid.simulator;
