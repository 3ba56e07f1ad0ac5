package io.searchbid.engine.http;

import io.searchbid.auction.AdGroup;
import io.searchbid.auction.Campaign;
import io.searchbid.auction.Keyword;
import io.searchbid.auction.NegativeKeyword;
import io.searchbid.auction.SpendView;
import io.searchbid.auction.service.CampaignEntity;
import io.searchbid.auction.service.CampaignSettings;
import io.searchbid.auction.service.CampaignSnapshot;
import io.searchbid.auction.service.CampaignUpdate;
import io.searchbid.auction.service.SpendUpdate;
import io.searchbid.engine.Catalog;
import io.searchbid.engine.SearchEngine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's read-only replica of every campaign, fed by the entities' snapshots: it keeps the
 * engine's ad index in step (rebuilding a campaign's ads when its settings change) and serves as
 * the auction's {@link SpendView} (today's spend per campaign), so the auction never asks an actor.
 *
 * <p>An ad is indexed only for products that exist in the catalog and belong to the campaign's
 * advertiser; {@link #productsChanged} re-checks an advertiser's campaigns after product writes.
 *
 * <p>Thread-safe: {@link #apply} runs on the replica actor (one at a time), reads from any thread.
 */
public final class CampaignDirectory implements SpendView {

  private static final Logger LOG = LoggerFactory.getLogger(CampaignDirectory.class);

  private final ConcurrentHashMap<String, CampaignSnapshot> latest = new ConcurrentHashMap<>();
  private final Catalog catalog;
  private volatile SearchEngine engine;
  private final Metrics metrics;

  public CampaignDirectory(Catalog catalog, Metrics metrics) {
    this.catalog = catalog;
    this.metrics = metrics;
  }

  /** Wires the engine (built after the directory, which is its spend view). */
  void attach(SearchEngine e) {
    this.engine = e;
  }

  /**
   * Applies an update unless an equal or newer one was applied already. A spend-only update for a
   * settings version this replica does not hold is dropped (see {@link CampaignUpdate}; the journal
   * catch-up brings the whole snapshot).
   */
  public synchronized void apply(CampaignUpdate u) {
    String id = u.campaignId();
    CampaignSnapshot prev = latest.get(id);
    if (prev != null && prev.sequenceNr() >= u.sequenceNr()) {
      return;
    }
    CampaignSnapshot s = switch (u) {
      case CampaignSnapshot whole -> whole;
      case SpendUpdate spend -> spend.applyTo(prev);
    };
    if (s == null) { // a spend update for settings this replica missed
      metrics.replicaSpendUpdatesDropped.inc();
      return;
    }
    if (prev == null || prev.settingsVersion() != s.settingsVersion()) {
      index(s.settings());
    }
    latest.put(id, s);
    boolean wasExhausted = prev != null && prev.exhausted() && prev.spendEpochDay() == s.spendEpochDay();
    if (s.exhausted() && !wasExhausted && s.originJvm().equals(CampaignEntity.jvmId())) {
      metrics.exhaustionToIndexSeconds.observe((System.nanoTime() - s.publishedAtNanos()) / 1e9);
    }
  }

  /** Campaigns whose cap is reached on {@code epochDay} (the budget-exhausted gauge). */
  public int exhaustedOn(long epochDay) {
    int n = 0;
    for (CampaignSnapshot s : latest.values()) {
      if (s.spendEpochDay() == epochDay && s.exhausted()) {
        n++;
      }
    }
    return n;
  }

  /** Re-indexes the campaigns of an advertiser after its products changed. */
  public void productsChanged(String advertiserId) {
    productsChanged(java.util.Set.of(advertiserId));
  }

  /** {@link #productsChanged(String)} for several advertisers, in one pass over the campaigns. */
  public synchronized void productsChanged(java.util.Set<String> advertiserIds) {
    for (CampaignSnapshot s : latest.values()) {
      if (advertiserIds.contains(s.settings().advertiserId())) {
        index(s.settings());
      }
    }
  }

  private void index(CampaignSettings s) {
    SearchEngine e = engine;
    if (e == null) {
      return;
    }
    try {
      e.upsertCampaign(toCore(s, catalog));
    } catch (IllegalArgumentException ex) {
      // validated at the API; a rule tightened since: keep the campaign out of auctions, say why
      LOG.warn("campaign {} not indexed: {}", s.campaignId(), ex.getMessage());
      e.removeCampaign(s.campaignId());
    }
  }

  /** The core campaign: one ad group per owned, known product, all sharing keywords and negatives. */
  static Campaign toCore(CampaignSettings s, Catalog catalog) {
    List<AdGroup> groups = new ArrayList<>();
    if (!s.keywords().isEmpty()) {
      List<Keyword> kws = new ArrayList<>(s.keywords().size());
      for (var k : s.keywords()) {
        kws.add(new Keyword(k.text(), k.matchType(), k.maxCpcMicros() > 0 ? OptionalLong.of(k.maxCpcMicros()) : OptionalLong.empty()));
      }
      List<NegativeKeyword> negs = new ArrayList<>(s.negatives().size());
      for (var n : s.negatives()) {
        negs.add(new NegativeKeyword(n.text(), n.matchType()));
      }
      for (String pid : s.productIds()) {
        Catalog.Entry p = catalog.get(pid);
        if (p != null && p.sellerId().equals(s.advertiserId())) {
          groups.add(new AdGroup(adId(s.campaignId(), pid), pid, p.category(), s.defaultBidMicros(), kws, negs));
        }
      }
    }
    return new Campaign(s.campaignId(), s.advertiserId(), s.dailyBudgetMicros(), s.status(), null,
        s.overspendAllowance(), null, null, groups);
  }

  /** Ad (ad group) id of a product in a campaign. */
  public static String adId(String campaignId, String productId) {
    return campaignId + "~" + productId;
  }

  /** The latest snapshot of a campaign, or null. */
  public CampaignSnapshot get(String campaignId) {
    return latest.get(campaignId);
  }

  /** An advertiser's campaigns, oldest first. */
  public List<CampaignSnapshot> ofAdvertiser(String advertiserId) {
    List<CampaignSnapshot> out = new ArrayList<>();
    for (CampaignSnapshot s : latest.values()) {
      if (s.settings().advertiserId().equals(advertiserId)) {
        out.add(s);
      }
    }
    out.sort(Comparator.comparingLong((CampaignSnapshot s) -> s.settings().createdAtMillis())
        .thenComparing(s -> s.settings().campaignId()));
    return out;
  }

  public int size() {
    return latest.size();
  }

  @Override
  public long spentMicros(String campaignId, long epochDay) {
    CampaignSnapshot s = latest.get(campaignId);
    return s == null || s.spendEpochDay() != epochDay ? 0 : s.spentMicros();
  }
}
