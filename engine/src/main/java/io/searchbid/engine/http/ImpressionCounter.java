package io.searchbid.engine.http;

import io.searchbid.auction.Times;
import io.searchbid.auction.service.CampaignEntity;
import io.searchbid.auction.service.ServiceNode;
import io.searchbid.engine.SearchEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts ad impressions on the search path (one map lookup and an atomic add per ad) and flushes
 * them to the campaign entities in batches ({@code RecordImpressions}), every couple of seconds and
 * before a stats read. A crash loses at most the unflushed batch; clicks and spend are never batched.
 */
public final class ImpressionCounter implements SearchEngine.AdListener {

  private record Key(String campaignId, long epochDay) {}

  private final ConcurrentHashMap<Key, AtomicLong> pending = new ConcurrentHashMap<>();

  @Override
  public void shown(SearchEngine.Ad ad, long nowMillis) {
    pending.computeIfAbsent(new Key(ad.campaignId(), Times.epochDay(nowMillis)), k -> new AtomicLong())
        .incrementAndGet();
  }

  /** Sends every pending count (fire and forget); forgets counters of days before yesterday. */
  public void flushAll(ServiceNode node, long nowMillis) {
    long yesterday = Times.epochDay(nowMillis) - 1;
    for (var e : pending.entrySet()) {
      long n = e.getValue().getAndSet(0);
      if (n > 0) {
        node.campaign(e.getKey().campaignId()).tell(
            new CampaignEntity.RecordImpressions(e.getKey().epochDay(), n, node.system().ignoreRef()));
      } else if (e.getKey().epochDay() < yesterday) {
        pending.remove(e.getKey(), e.getValue());
      }
    }
  }

  /** Sends one campaign's pending counts and completes when the entity has persisted them. */
  public CompletionStage<Void> flush(String campaignId, ServiceNode node) {
    List<CompletableFuture<?>> acks = new ArrayList<>();
    for (var e : pending.entrySet()) {
      if (!e.getKey().campaignId().equals(campaignId)) {
        continue;
      }
      long n = e.getValue().getAndSet(0);
      if (n > 0) {
        acks.add(node.campaign(campaignId).<CampaignEntity.Reply>ask(
            r -> new CampaignEntity.RecordImpressions(e.getKey().epochDay(), n, r), node.askTimeout()).toCompletableFuture());
      }
    }
    return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
  }
}
