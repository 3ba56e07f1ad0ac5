/**
 * The composition of {@code ranking} and the auction core into one result page ({@link
 * io.searchbid.engine.SearchEngine}), used in-process by the simulator and behind HTTP by the
 * service. The only package where ranking and auction meet. Must not depend on simulator or bench.
 */
package io.searchbid.engine;
