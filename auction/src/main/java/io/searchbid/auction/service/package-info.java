/**
 * The Pekko shell around the auction core: cluster-sharded, event-sourced advertiser and campaign
 * entities, click charging through them, and the replication of campaign state into every node's
 * local, read-only ad index.
 *
 * <p>Actors here own mutable state and call the core ({@code io.searchbid.auction}) for every
 * decision (budget ledger, token checks); they contain no auction logic of their own. This package
 * may read the wall clock (it stamps events); the core may not. It must not depend on any other
 * searchbid module (see docs/ARCHITECTURE.md).
 */
package io.searchbid.auction.service;
