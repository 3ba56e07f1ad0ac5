package io.searchbid.auction;

import java.util.List;

/** An advertiser (a seller) and its campaigns; every campaign must name this advertiser. */
public record Advertiser(String advertiserId, String name, List<Campaign> campaigns) {
  public Advertiser {
    Checks.nonBlank(advertiserId, "advertiserId", "");
    name = name == null ? advertiserId : name;
    campaigns = List.copyOf(campaigns == null ? List.of() : campaigns);
    for (Campaign c : campaigns) {
      if (!c.advertiserId().equals(advertiserId)) {
        throw new IllegalArgumentException(
            "advertiserId must be '" + advertiserId + "', got '" + c.advertiserId()
                + "' for campaign '" + c.campaignId() + "'");
      }
    }
  }
}
