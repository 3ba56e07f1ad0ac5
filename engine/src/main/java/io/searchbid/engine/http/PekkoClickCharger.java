package io.searchbid.engine.http;

import io.searchbid.auction.ClickToken;
import io.searchbid.auction.service.CampaignEntity;
import io.searchbid.auction.service.ServiceNode;
import io.searchbid.engine.ClickCharger;
import io.searchbid.engine.ClickOutcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

/**
 * Charges clicks through the campaign's sharded, event-sourced entity: the stage completes only
 * after the click's {@code ClickChargedEvent} is in the journal (or the entity answered from its
 * dedupe state for a repeated token). The entity applies the core's budget rule.
 *
 * <p><b>Group commit per campaign.</b> An entity persists one write at a time, so a campaign that
 * gets many clicks would be limited to one click per journal round trip. This charger keeps at most
 * one {@link CampaignEntity.ChargeClicks} in flight per campaign: clicks that arrive meanwhile wait
 * here and go together in the next one — one journal transaction for all of them, each answered
 * after it commits. At low load a batch holds one click and costs what a single charge did; under
 * load the batch grows with the commit latency instead of the queue. Durability and dedupe are the
 * entity's and unchanged: nothing is answered before its event is written, a token repeated inside
 * a batch is charged once.
 *
 * <p>Thread-safe; {@link #charge} never blocks (a short lock per campaign guards its queue).
 */
public final class PekkoClickCharger implements ClickCharger {

  private final ServiceNode node;
  private final IntConsumer batchSizes;
  private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();

  /** @param batchSizes receives the number of clicks of every batch sent to an entity */
  public PekkoClickCharger(ServiceNode node, IntConsumer batchSizes) {
    this.node = node;
    this.batchSizes = batchSizes;
  }

  /** A click waiting for its batch. */
  private record Pending(ClickToken token, CampaignEntity.ClickRequest request, CompletableFuture<ClickOutcome> answer) {}

  /** The clicks of one campaign waiting for the write in flight (guarded by {@code this}). */
  private static final class Lane {
    final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    boolean inFlight;

    /** Up to one batch of waiting clicks; clears {@code inFlight} when there are none. */
    List<Pending> next() {
      if (waiting.isEmpty()) {
        inFlight = false;
        return null;
      }
      int n = Math.min(waiting.size(), CampaignEntity.MAX_CLICKS_PER_BATCH);
      List<Pending> batch = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        batch.add(waiting.poll());
      }
      return batch;
    }
  }

  @Override
  public CompletionStage<ClickOutcome> charge(ClickToken token, String tokenId, String productId, long nowMillis) {
    Pending p = new Pending(token, new CampaignEntity.ClickRequest(tokenId, productId, token.priceMicros(), nowMillis),
        new CompletableFuture<>());
    String campaignId = token.campaignId();
    Lane lane = lanes.computeIfAbsent(campaignId, id -> new Lane());
    List<Pending> batch = null;
    synchronized (lane) {
      lane.waiting.add(p);
      if (!lane.inFlight) {
        lane.inFlight = true;
        batch = lane.next();
      }
    }
    if (batch != null) {
      send(campaignId, lane, batch);
    }
    return p.answer();
  }

  private void send(String campaignId, Lane lane, List<Pending> batch) {
    batchSizes.accept(batch.size());
    List<CampaignEntity.ClickRequest> requests = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      requests.add(p.request());
    }
    CompletionStage<CampaignEntity.ClickResults> reply;
    try {
      reply = node.campaign(campaignId)
          .ask(r -> new CampaignEntity.ChargeClicks(requests, r), node.askTimeout());
    } catch (RuntimeException e) {
      reply = CompletableFuture.failedFuture(e); // e.g. the actor system is stopping
    }
    reply.whenComplete((res, err) -> {
      // the next batch goes out before this one's answers are delivered: the journal keeps busy
      List<Pending> next;
      synchronized (lane) {
        next = lane.next();
      }
      if (next != null) {
        send(campaignId, lane, next);
      }
      answer(batch, res, err);
    });
  }

  private static void answer(List<Pending> batch, CampaignEntity.ClickResults res, Throwable err) {
    if (err != null) {
      // not answered = maybe charged: a retry of the same token is deduplicated by the entity
      for (Pending p : batch) {
        p.answer().completeExceptionally(err);
      }
      return;
    }
    if (res.results().size() != batch.size()) {
      IllegalStateException e = new IllegalStateException(
          "campaign entity answered " + res.results().size() + " results for " + batch.size() + " clicks");
      for (Pending p : batch) {
        p.answer().completeExceptionally(e);
      }
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      Pending p = batch.get(i);
      p.answer().complete(outcome(p.token(), res.results().get(i)));
    }
  }

  private static ClickOutcome outcome(ClickToken token, CampaignEntity.ClickResult res) {
    return switch (res) {
      case CampaignEntity.ClickCharged c -> new ClickOutcome(
          c.duplicate() ? ClickOutcome.Status.DUPLICATE : ClickOutcome.Status.CHARGED, c.tokenId(),
          token.campaignId(), c.productId(), c.priceMicros(), c.chargedMicros(), null, null);
      case CampaignEntity.ClickRefused f -> ClickOutcome.rejected(f.reason(), "campaign " + token.campaignId() + " cannot be charged");
    };
  }
}
