package io.searchbid.engine.http;

import io.searchbid.auction.Keyword;
import io.searchbid.auction.MatchType;
import io.searchbid.auction.Tokenizer;
import io.searchbid.auction.service.CampaignSettings.KeywordSpec;
import io.searchbid.auction.service.CampaignSettings.NegativeSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Campaign request bodies and their validation rules. Every rule failure is a 400 naming the field
 * (JSON path) and the rule; a request is validated completely before anything is sent to an entity,
 * so a rejected request changes nothing.
 */
public final class CampaignRequests {

  public static final long MAX_BUDGET_MICROS = 1_000_000_000_000L; // 1,000,000 units a day
  public static final long MAX_BID_MICROS = 1_000_000_000L; // 1,000 units a click
  public static final int MAX_PRODUCTS = 100;
  public static final int MAX_KEYWORDS_PER_REQUEST = 200;
  public static final int MAX_KEYWORDS_PER_CAMPAIGN = 1000;
  public static final int MAX_NEGATIVES_PER_CAMPAIGN = 500;
  public static final int MAX_KEYWORD_CHARS = 80;
  public static final int MAX_NAME_CHARS = 200;

  private CampaignRequests() {}

  public record KeywordBody(String text, String matchType, Long maxCpcMicros) {}

  public record NegativeBody(String text, String matchType) {}

  public record CreateCampaign(
      String name,
      List<String> productIds,
      Long dailyBudgetMicros,
      Double overspendAllowance,
      Long defaultBidMicros,
      List<KeywordBody> keywords,
      List<NegativeBody> negatives,
      String status) {}

  public record UpdateCampaign(
      String name, Long dailyBudgetMicros, Double overspendAllowance, Long defaultBidMicros, List<String> productIds) {}

  public record KeywordsBody(List<KeywordBody> keywords) {}

  public record NegativesBody(List<NegativeBody> negatives) {}

  static ApiError.Rejected invalid(String code, String field, String message) {
    return ApiError.badRequest(code, field, message).toException();
  }

  static String name(String name, String field) {
    if (name == null) {
      return "";
    }
    if (name.length() > MAX_NAME_CHARS) {
      throw invalid("too_long", field, field + " must be at most " + MAX_NAME_CHARS + " characters, got " + name.length());
    }
    return name;
  }

  static long budget(Long v, String field, boolean required) {
    if (v == null) {
      if (required) {
        throw invalid("required", field, field + " is required (micros, 1 unit = 1,000,000)");
      }
      return -1;
    }
    if (v <= 0 || v > MAX_BUDGET_MICROS) {
      throw invalid("out_of_range", field, field + " must be in [1, " + MAX_BUDGET_MICROS + "] micros, got " + v);
    }
    return v;
  }

  static long bid(Long v, String field, boolean required) {
    if (v == null) {
      if (required) {
        throw invalid("required", field, field + " is required (micros per click)");
      }
      return -1;
    }
    if (v <= 0 || v > MAX_BID_MICROS) {
      throw invalid("out_of_range", field, field + " must be in [1, " + MAX_BID_MICROS + "] micros, got " + v);
    }
    return v;
  }

  static double allowance(Double v, String field) {
    if (v == null) {
      return 1.0;
    }
    if (!(v >= 1.0 && v <= 2.0)) {
      throw invalid("out_of_range", field, field + " must be in [1.0, 2.0], got " + v);
    }
    return v;
  }

  static List<String> productIds(List<String> ids, String field, boolean required) {
    if (ids == null) {
      if (required) {
        throw invalid("required", field, field + " is required: the products this campaign promotes");
      }
      return null;
    }
    if (ids.isEmpty() || ids.size() > MAX_PRODUCTS) {
      throw invalid("out_of_range", field, field + " must have 1.." + MAX_PRODUCTS + " entries, got " + ids.size());
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      String f = field + "[" + i + "]";
      if (id == null || id.isBlank() || id.length() > 128) {
        throw invalid("invalid_value", f, f + " must be a product id of 1..128 characters");
      }
      if (!seen.add(id)) {
        throw invalid("duplicate", f, f + " repeats product '" + id + "'");
      }
    }
    return List.copyOf(ids);
  }

  static List<KeywordSpec> keywords(List<KeywordBody> list, String field, Tokenizer tokenizer, boolean forRemoval) {
    if (list == null) {
      throw invalid("required", field, field + " is required");
    }
    if (list.size() > MAX_KEYWORDS_PER_REQUEST) {
      throw invalid("too_many", field, field + " may have at most " + MAX_KEYWORDS_PER_REQUEST + " entries per request, got " + list.size());
    }
    List<KeywordSpec> out = new ArrayList<>(list.size());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      KeywordBody k = list.get(i);
      String f = field + "[" + i + "]";
      if (k == null) {
        throw invalid("invalid_value", f, f + " must be an object {text, matchType, maxCpcMicros}");
      }
      String text = keywordText(k.text(), f + ".text", tokenizer);
      MatchType type = matchType(k.matchType(), f + ".matchType", true);
      long maxCpc = 0;
      if (k.maxCpcMicros() != null && !forRemoval) {
        maxCpc = bid(k.maxCpcMicros(), f + ".maxCpcMicros", false);
      }
      if (!seen.add(type + ":" + text.toLowerCase(java.util.Locale.ROOT))) {
        throw invalid("duplicate", f, f + " repeats keyword '" + text + "' (" + type + ")");
      }
      out.add(new KeywordSpec(text, type, maxCpc));
    }
    return out;
  }

  static List<NegativeSpec> negatives(List<NegativeBody> list, String field, Tokenizer tokenizer) {
    if (list == null) {
      throw invalid("required", field, field + " is required");
    }
    if (list.size() > MAX_KEYWORDS_PER_REQUEST) {
      throw invalid("too_many", field, field + " may have at most " + MAX_KEYWORDS_PER_REQUEST + " entries per request, got " + list.size());
    }
    List<NegativeSpec> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      NegativeBody n = list.get(i);
      String f = field + "[" + i + "]";
      if (n == null) {
        throw invalid("invalid_value", f, f + " must be an object {text, matchType}");
      }
      String text = keywordText(n.text(), f + ".text", tokenizer);
      MatchType type = matchType(n.matchType(), f + ".matchType", false);
      out.add(new NegativeSpec(text, type));
    }
    return out;
  }

  private static String keywordText(String text, String field, Tokenizer tokenizer) {
    if (text == null || text.isBlank()) {
      throw invalid("empty", field, field + " must not be empty");
    }
    String t = text.strip();
    if (t.length() > MAX_KEYWORD_CHARS) {
      throw invalid("too_long", field, field + " must be at most " + MAX_KEYWORD_CHARS + " characters, got " + t.length());
    }
    int tokens = tokenizer.tokens(t).size();
    if (tokens == 0) {
      throw invalid("no_tokens", field, field + " '" + t + "' has no searchable words (only stop words or punctuation)");
    }
    if (tokens > Keyword.MAX_TOKENS) {
      throw invalid("too_long", field, field + " must have at most " + Keyword.MAX_TOKENS + " words, got " + tokens);
    }
    return t;
  }

  private static MatchType matchType(String s, String field, boolean broadAllowed) {
    if (s == null) {
      throw invalid("required", field, field + " is required: one of exact, phrase" + (broadAllowed ? ", broad" : ""));
    }
    MatchType t;
    try {
      t = MatchType.parse(s);
    } catch (IllegalArgumentException e) {
      throw invalid("invalid_value", field, field + " must be one of exact, phrase" + (broadAllowed ? ", broad" : "") + "; got '" + s + "'");
    }
    if (!broadAllowed && t == MatchType.BROAD) {
      throw invalid("invalid_value", field, field + " must be exact or phrase for a negative keyword, got broad");
    }
    return t;
  }
}
