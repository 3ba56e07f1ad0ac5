/**
 * The day loop: one replicate's market driving the production SearchEngine in-process (organic ranking, keyword auction with budgets and pacing, click charging), the organic flywheel, strategies, promotion activities and the accounting identities; and the runner of all variants and replicates (parallel = sequential). Must not depend on bench; reads no clock and uses only seeded randomness.
 */
package io.searchbid.simulator.sim;
