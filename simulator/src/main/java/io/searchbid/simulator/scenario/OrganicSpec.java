package io.searchbid.simulator.scenario;

/**
 * The organic flywheel.
 *
 * @param feedback     0 = the index never learns from simulated sales/clicks (signals frozen at
 *                     the catalog's), 1 = the simulated sales, impressions, clicks, orders and reviews
 *                     are added to the catalog's signals in full; in between, that fraction of them
 */
public record OrganicSpec(double feedback) {}
