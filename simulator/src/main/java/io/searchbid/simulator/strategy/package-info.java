/**
 * The seller strategy API (SellerStrategy, SellerView, SellerPlan, daily reports) and the built-in strategies, loadable by type name or class name.
 */
package io.searchbid.simulator.strategy;
