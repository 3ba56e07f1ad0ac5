package io.searchbid.simulator.scenario;

/**
 * The organic flywheel.
 *
 * @param feedback     0 = the index never learns from simulated sales/clicks (signals frozen at
 *                     the catalog's), 1 = signals are the observed ones; in between, a blend
 * @param windowDays   signals (sales, CTR, CVR) are computed over the last this many days
 */
public record OrganicSpec(double feedback, int windowDays) {}
