package io.searchbid.ranking;

/**
 * One organic search result.
 *
 * @param productId the product
 * @param score final ranking score (higher is better); comparable within one result list only
 * @param title stored title
 * @param priceMicros listing price (cheapest SKU), micros
 * @param sellerId the shop
 * @param category exact category
 * @param brand exact brand
 * @param parts the score's parts when the request asked for an explanation, otherwise null
 */
public record Hit(
    String productId,
    double score,
    String title,
    long priceMicros,
    String sellerId,
    String category,
    String brand,
    ScoreParts parts) {}
