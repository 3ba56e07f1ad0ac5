package io.searchbid.engine.http;

import io.searchbid.auction.CampaignStatus;
import io.searchbid.auction.Tokenizer;
import io.searchbid.auction.service.ApiKeys;
import io.searchbid.auction.service.CampaignEntity;
import io.searchbid.auction.service.CampaignSettings;
import io.searchbid.auction.service.DayStats;
import io.searchbid.auction.service.ServiceNode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * Campaign management for the advertiser holding the bearer key. Another advertiser's campaign
 * answers 404 exactly like a missing one (existence is not leaked). Reads of one campaign go to its
 * entity (consistent); the list comes from this node's replica (eventually consistent, usually
 * within milliseconds).
 */
public final class CampaignRoutes implements HttpServer.Routes {

  private final ServiceNode node;
  private final Authenticator auth;
  private final ApiKeys keys;
  private final Tokenizer tokenizer;
  private final CampaignDirectory directory;
  private final ImpressionCounter impressions;
  private final Clock clock;

  public CampaignRoutes(ServiceNode node, Authenticator auth, ApiKeys keys, Tokenizer tokenizer,
      CampaignDirectory directory, ImpressionCounter impressions, Clock clock) {
    this.node = node;
    this.auth = auth;
    this.keys = keys;
    this.tokenizer = tokenizer;
    this.directory = directory;
    this.impressions = impressions;
    this.clock = clock;
  }

  @Override
  public void register(Router r) {
    r.add("POST", "/v1/campaigns", true, this::create);
    r.add("GET", "/v1/campaigns", false, this::list);
    r.add("GET", "/v1/campaigns/{id}", false, this::get);
    r.add("PATCH", "/v1/campaigns/{id}", true, this::update);
    r.add("POST", "/v1/campaigns/{id}/keywords", true, this::addKeywords);
    r.add("DELETE", "/v1/campaigns/{id}/keywords", true, this::removeKeywords);
    r.add("POST", "/v1/campaigns/{id}/negatives", true, this::addNegatives);
    r.add("DELETE", "/v1/campaigns/{id}/negatives", true, this::removeNegatives);
    r.add("POST", "/v1/campaigns/{id}/pause", false, this::pause);
    r.add("POST", "/v1/campaigns/{id}/resume", false, this::resume);
    r.add("GET", "/v1/campaigns/{id}/stats", false, this::stats);
  }

  private CompletionStage<HttpResponse> create(Call call) {
    return auth.advertiserId(call).thenCompose(advertiserId -> {
      var b = Json.parse(call.body(), CampaignRequests.CreateCampaign.class);
      String name = CampaignRequests.name(b.name(), "name");
      List<String> products = CampaignRequests.productIds(b.productIds(), "productIds", true);
      long budget = CampaignRequests.budget(b.dailyBudgetMicros(), "dailyBudgetMicros", true);
      double allowance = CampaignRequests.allowance(b.overspendAllowance(), "overspendAllowance");
      long bid = CampaignRequests.bid(b.defaultBidMicros(), "defaultBidMicros", true);
      List<CampaignSettings.KeywordSpec> kws = b.keywords() == null ? List.of()
          : CampaignRequests.keywords(b.keywords(), "keywords", tokenizer, false);
      List<CampaignSettings.NegativeSpec> negs = b.negatives() == null ? List.of()
          : CampaignRequests.negatives(b.negatives(), "negatives", tokenizer);
      CampaignStatus status = CampaignStatus.ACTIVE;
      if (b.status() != null) {
        if (b.status().equalsIgnoreCase("paused")) {
          status = CampaignStatus.PAUSED;
        } else if (!b.status().equalsIgnoreCase("active")) {
          throw CampaignRequests.invalid("invalid_value", "status", "status must be active or paused, got '" + b.status() + "'");
        }
      }
      String id = keys.newId("cmp");
      var settings = new CampaignSettings(id, advertiserId, name, status, budget, allowance, bid, products, kws, negs, clock.millis());
      return ask(id, r -> new CampaignEntity.Create(settings, r), 201);
    });
  }

  private CompletionStage<HttpResponse> list(Call call) {
    return auth.advertiserId(call).thenApply(advertiserId -> {
      List<Object> out = new ArrayList<>();
      for (var snap : directory.ofAdvertiser(advertiserId)) {
        out.add(view(new CampaignEntity.Details(snap.settings(), snap.spendEpochDay(), snap.spentMicros(), snap.exhausted()), today()));
      }
      return Responses.json(200, Map.of("campaigns", out));
    });
  }

  private CompletionStage<HttpResponse> get(Call call) {
    return owned(call, (adv, id) -> ask(id, r -> new CampaignEntity.Get(adv, r)));
  }

  private CompletionStage<HttpResponse> update(Call call) {
    return owned(call, (adv, id) -> {
      var b = Json.parse(call.body(), CampaignRequests.UpdateCampaign.class);
      String name = b.name() == null ? null : CampaignRequests.name(b.name(), "name");
      long budget = CampaignRequests.budget(b.dailyBudgetMicros(), "dailyBudgetMicros", false);
      Double allowance = b.overspendAllowance() == null ? null : CampaignRequests.allowance(b.overspendAllowance(), "overspendAllowance");
      long bid = CampaignRequests.bid(b.defaultBidMicros(), "defaultBidMicros", false);
      List<String> products = CampaignRequests.productIds(b.productIds(), "productIds", false);
      return ask(id, r -> new CampaignEntity.Update(adv, name, budget < 0 ? null : budget, allowance,
          bid < 0 ? null : bid, products, r));
    });
  }

  private CompletionStage<HttpResponse> addKeywords(Call call) {
    return owned(call, (adv, id) -> {
      var b = Json.parse(call.body(), CampaignRequests.KeywordsBody.class);
      var kws = CampaignRequests.keywords(b.keywords(), "keywords", tokenizer, false);
      return ask(id, r -> new CampaignEntity.AddKeywords(adv, kws, CampaignRequests.MAX_KEYWORDS_PER_CAMPAIGN, r));
    });
  }

  private CompletionStage<HttpResponse> removeKeywords(Call call) {
    return owned(call, (adv, id) -> {
      var b = Json.parse(call.body(), CampaignRequests.KeywordsBody.class);
      var kws = CampaignRequests.keywords(b.keywords(), "keywords", tokenizer, true);
      return ask(id, r -> new CampaignEntity.RemoveKeywords(adv, kws, r));
    });
  }

  private CompletionStage<HttpResponse> addNegatives(Call call) {
    return owned(call, (adv, id) -> {
      var b = Json.parse(call.body(), CampaignRequests.NegativesBody.class);
      var negs = CampaignRequests.negatives(b.negatives(), "negatives", tokenizer);
      return ask(id, r -> new CampaignEntity.AddNegatives(adv, negs, CampaignRequests.MAX_NEGATIVES_PER_CAMPAIGN, r));
    });
  }

  private CompletionStage<HttpResponse> removeNegatives(Call call) {
    return owned(call, (adv, id) -> {
      var b = Json.parse(call.body(), CampaignRequests.NegativesBody.class);
      var negs = CampaignRequests.negatives(b.negatives(), "negatives", tokenizer);
      return ask(id, r -> new CampaignEntity.RemoveNegatives(adv, negs, r));
    });
  }

  private CompletionStage<HttpResponse> pause(Call call) {
    return owned(call, (adv, id) -> ask(id, r -> new CampaignEntity.Pause(adv, clock.millis(), r)));
  }

  private CompletionStage<HttpResponse> resume(Call call) {
    return owned(call, (adv, id) -> ask(id, r -> new CampaignEntity.Resume(adv, clock.millis(), r)));
  }

  private CompletionStage<HttpResponse> stats(Call call) {
    return auth.advertiserId(call).thenCompose(adv -> {
      String id = call.param("id");
      LocalDate today = LocalDate.ofEpochDay(io.searchbid.auction.Times.epochDay(clock.millis()));
      LocalDate from = date(call, "from", today);
      LocalDate to = date(call, "to", today);
      if (to.isBefore(from)) {
        throw CampaignRequests.invalid("out_of_range", "to", "to must be on or after from, got from=" + from + " to=" + to);
      }
      if (to.toEpochDay() - from.toEpochDay() > 366) {
        throw CampaignRequests.invalid("out_of_range", "to", "at most 367 days per request, got " + (to.toEpochDay() - from.toEpochDay() + 1));
      }
      // flush this node's pending impressions first, so the figures include every ad shown so far
      return impressions.flush(id, node)
          .thenCompose(done -> node.campaign(id).<CampaignEntity.StatsReply>ask(
              r -> new CampaignEntity.GetStats(adv, from.toEpochDay(), to.toEpochDay(), r), node.askTimeout()))
          .thenApply(reply -> {
            if (!reply.found()) {
              throw ApiError.notFound("no campaign " + id).toException();
            }
            return Responses.json(200, statsView(id, from, to, reply.days()));
          });
    });
  }

  private static LocalDate date(Call call, String name, LocalDate dflt) {
    var raw = call.query(name);
    if (raw.isEmpty() || raw.get().isEmpty()) {
      return dflt;
    }
    try {
      return LocalDate.parse(raw.get());
    } catch (DateTimeParseException e) {
      throw CampaignRequests.invalid("wrong_type", name, name + " must be a date YYYY-MM-DD, got '" + raw.get() + "'");
    }
  }

  static Map<String, Object> statsView(String campaignId, LocalDate from, LocalDate to, List<DayStats> days) {
    List<Object> rows = new ArrayList<>();
    long imp = 0, clicks = 0, spend = 0, free = 0, over = 0, conv = 0, value = 0;
    for (DayStats d : days) {
      rows.add(dayView(LocalDate.ofEpochDay(d.epochDay()).toString(), d.impressions(), d.chargedClicks(), d.spendMicros(),
          d.freeClicks(), d.overDeliveredMicros(), d.conversions(), d.conversionValueMicros()));
      imp += d.impressions();
      clicks += d.chargedClicks();
      spend += d.spendMicros();
      free += d.freeClicks();
      over += d.overDeliveredMicros();
      conv += d.conversions();
      value += d.conversionValueMicros();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("campaignId", campaignId);
    out.put("from", from.toString());
    out.put("to", to.toString());
    out.put("days", rows);
    out.put("total", dayView(null, imp, clicks, spend, free, over, conv, value));
    return out;
  }

  private static Map<String, Object> dayView(String date, long imp, long clicks, long spend, long free, long over,
      long conv, long value) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (date != null) {
      m.put("date", date);
    }
    m.put("impressions", imp);
    m.put("clicks", clicks);
    m.put("spendMicros", spend);
    m.put("ctr", imp == 0 ? 0.0 : (double) clicks / imp);
    m.put("averageCpcMicros", clicks == 0 ? 0 : spend / clicks);
    m.put("conversions", conv);
    m.put("conversionValueMicros", value);
    m.put("roas", spend == 0 ? 0.0 : (double) value / spend);
    m.put("freeClicks", free);
    m.put("overDeliveredMicros", over);
    return m;
  }

  // --- helpers ------------------------------------------------------------------------------------

  private CompletionStage<HttpResponse> owned(Call call, BiFunction<String, String, CompletionStage<HttpResponse>> body) {
    return auth.advertiserId(call).thenCompose(adv -> body.apply(adv, call.param("id")));
  }

  private CompletionStage<HttpResponse> ask(String campaignId, Function<ActorRef<CampaignEntity.Reply>, CampaignEntity.Command> cmd) {
    return ask(campaignId, cmd, 200);
  }

  private CompletionStage<HttpResponse> ask(String campaignId, Function<ActorRef<CampaignEntity.Reply>, CampaignEntity.Command> cmd, int okStatus) {
    return askRaw(campaignId, cmd).thenApply(reply -> respond(reply, okStatus));
  }

  private CompletionStage<CampaignEntity.Reply> askRaw(String campaignId,
      Function<ActorRef<CampaignEntity.Reply>, CampaignEntity.Command> cmd) {
    if (campaignId == null || campaignId.length() > 64) {
      return CompletableFuture.failedFuture(ApiError.notFound("no campaign " + campaignId).toException());
    }
    return node.campaign(campaignId).ask(cmd::apply, node.askTimeout());
  }

  private HttpResponse respond(CampaignEntity.Reply reply, int okStatus) {
    return switch (reply) {
      case CampaignEntity.Done d -> Responses.json(okStatus, view(d.details(), today()));
      case CampaignEntity.NotFound n -> Responses.error(ApiError.notFound("no such campaign"));
      case CampaignEntity.Invalid i -> Responses.error(ApiError.badRequest(i.code(), i.field(), i.message()));
    };
  }

  private long today() {
    return io.searchbid.auction.Times.epochDay(clock.millis());
  }

  /** The campaign as the API shows it; spend is today's (0 if nothing was charged today). */
  static Map<String, Object> view(CampaignEntity.Details d, long todayEpochDay) {
    boolean spendIsToday = d.spendEpochDay() == todayEpochDay;
    CampaignSettings s = d.settings();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("campaignId", s.campaignId());
    m.put("advertiserId", s.advertiserId());
    m.put("name", s.name());
    m.put("status", s.status().name().toLowerCase(java.util.Locale.ROOT));
    m.put("dailyBudgetMicros", s.dailyBudgetMicros());
    m.put("overspendAllowance", s.overspendAllowance());
    m.put("defaultBidMicros", s.defaultBidMicros());
    m.put("productIds", s.productIds());
    List<Object> kws = new ArrayList<>();
    for (var k : s.keywords()) {
      Map<String, Object> km = new LinkedHashMap<>();
      km.put("text", k.text());
      km.put("matchType", k.matchType().name().toLowerCase(java.util.Locale.ROOT));
      km.put("maxCpcMicros", k.maxCpcMicros() > 0 ? k.maxCpcMicros() : null);
      kws.add(km);
    }
    m.put("keywords", kws);
    List<Object> negs = new ArrayList<>();
    for (var n : s.negatives()) {
      negs.add(Map.of("text", n.text(), "matchType", n.matchType().name().toLowerCase(java.util.Locale.ROOT)));
    }
    m.put("negatives", negs);
    m.put("spentTodayMicros", spendIsToday ? d.spentTodayMicros() : 0);
    m.put("budgetExhausted", spendIsToday && d.budgetExhausted());
    m.put("createdAt", java.time.Instant.ofEpochMilli(s.createdAtMillis()).toString());
    return m;
  }
}
