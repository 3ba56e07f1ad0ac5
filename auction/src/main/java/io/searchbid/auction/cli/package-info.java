/**
 * The {@code ./searchbid auction} calculator: runs position auctions described as JSON / JSON Lines
 * through the core's {@link io.searchbid.auction.PositionAuction}. Depends only on the core package.
 */
package io.searchbid.auction.cli;
