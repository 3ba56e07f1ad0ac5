package io.searchbid.auction;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An ad group: one promoted product, a default bid, the keywords it bids on and its negatives.
 *
 * @param adGroupId unique id (also the "ad" id carried in click tokens)
 * @param productId the product being promoted
 * @param category product category (used as the click-rate prior's group; may be empty)
 * @param defaultBidMicros bid per click for keywords without their own max CPC, > 0
 * @param keywords at least one, no duplicate (text, match type) pairs
 * @param negatives negative keywords (may be empty)
 */
public record AdGroup(
    String adGroupId,
    String productId,
    String category,
    long defaultBidMicros,
    List<Keyword> keywords,
    List<NegativeKeyword> negatives) {

  public AdGroup {
    Checks.nonBlank(adGroupId, "adGroupId", "");
    String where = Checks.forId("ad group", adGroupId);
    Checks.nonBlank(productId, "productId", where);
    category = category == null ? "" : category;
    Checks.positive(defaultBidMicros, "defaultBidMicros", where);
    keywords = List.copyOf(Checks.notNull(keywords, "keywords", where));
    negatives = List.copyOf(negatives == null ? List.of() : negatives);
    if (keywords.isEmpty()) {
      throw new IllegalArgumentException("keywords must have at least 1 entry, got 0" + where);
    }
    Set<String> seen = new HashSet<>();
    for (Keyword k : keywords) {
      if (!seen.add(k.matchType() + ":" + k.text())) {
        throw new IllegalArgumentException(
            "keywords must be unique, got '" + k.text() + "' (" + k.matchType() + ") twice" + where);
      }
    }
  }

  /** The bid for a keyword of this group before adjustments: its own max CPC, else the default. */
  public long baseBidMicros(Keyword k) {
    return k.maxCpcMicros().orElse(defaultBidMicros);
  }
}
