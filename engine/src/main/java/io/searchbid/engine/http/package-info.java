/**
 * The HTTP service around {@link io.searchbid.engine.SearchEngine}: routes (search, clicks,
 * advertisers, campaigns, products, conversions, admin keys, health, metrics), strict JSON with
 * field-naming errors, admin and API-key authentication with per-key rate limits, the campaign replica that feeds the local ad index, and the composition root {@link
 * io.searchbid.engine.http.ServiceApp}. Searches run inline against local indexes; everything that
 * changes money or campaigns goes through the event-sourced entities of
 * {@code io.searchbid.auction.service}.
 */
package io.searchbid.engine.http;
