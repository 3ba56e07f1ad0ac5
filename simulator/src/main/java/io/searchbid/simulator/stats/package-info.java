/**
 * Statistics across replicates: means with Student-t 95% intervals, paired differences with Commons Math t-tests, plain-words verdicts.
 */
package io.searchbid.simulator.stats;
