/**
 * Simulated shoppers: the position-based click model and the purchase model with SKU choice. Pure functions of the page, the product facts and the random stream.
 */
package io.searchbid.simulator.users;
