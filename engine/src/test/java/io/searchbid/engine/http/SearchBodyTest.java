package io.searchbid.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.searchbid.engine.SearchEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The streamed search answer is the same JSON document as the nested maps the object mapper writes. */
class SearchBodyTest {

  static String text(SplittableRandom r) {
    String[] parts = {"oak", "Tisch \"Eiche\"", "chaise\\longue", "沙发", "emoji 😀", "tab\tnew\nline", "", "<b>&amp;</b>"};
    return parts[r.nextInt(parts.length)] + " " + r.nextInt(1000);
  }

  @Test
  void streamedBody_equalsMapBody_onRandomPages() throws Exception {
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < 200; i++) {
      List<SearchEngine.Ad> ads = new ArrayList<>();
      for (int a = 0; a < r.nextInt(5); a++) {
        ads.add(new SearchEngine.Ad(a + 1, "cmp~" + text(r), "cmp_" + a, "adv", "p" + a, text(r), r.nextLong(1, 1L << 40),
            r.nextLong(0, 5_000_000), "kw", "tok" + i + a, "/v1/click/tok" + i + a));
      }
      List<SearchEngine.Organic> organic = new ArrayList<>();
      for (int o = 0; o < r.nextInt(12); o++) {
        double score = switch (r.nextInt(4)) {
          case 0 -> 0.0;
          case 1 -> r.nextDouble() * 1e-9;
          case 2 -> r.nextDouble() * 1e6;
          default -> r.nextDouble() * 30;
        };
        organic.add(new SearchEngine.Organic(o + 1, "p" + o, text(r), r.nextLong(0, Long.MAX_VALUE), score));
      }
      var page = new SearchEngine.ResultPage(text(r), ads, organic, r.nextLong(0, 1_000_000), r.nextLong(), r.nextLong(0, 99_999), 0);
      String base = r.nextBoolean() ? "" : "http://localhost:8080";
      JsonNode streamed = Json.mapper().readTree(SearchRoutes.body(page, r.nextInt(10), 1 + r.nextInt(100), base));
      JsonNode mapped = Json.mapper().readTree(Json.write(bodyAsMaps(page,
          streamed.get("page").asInt(), streamed.get("size").asInt(), base)));
      assertThat(streamed).isEqualTo(mapped);
      assertThat(new String(SearchRoutes.body(page, streamed.get("page").asInt(), streamed.get("size").asInt(), base),
          java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo(new String(Json.write(bodyAsMaps(page, streamed.get("page").asInt(), streamed.get("size").asInt(), base)),
              java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  /** The answer as the route built it before: nested maps written by the object mapper (the reference). */
  static Map<String, Object> bodyAsMaps(SearchEngine.ResultPage p, int page, int size, String base) {
    List<Object> ads = new ArrayList<>(p.ads().size());
    for (SearchEngine.Ad a : p.ads()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("slot", a.slot());
      m.put("adId", a.adId());
      m.put("campaignId", a.campaignId());
      m.put("productId", a.productId());
      m.put("title", a.title());
      m.put("priceMicros", a.priceMicros());
      m.put("clickUrl", base + a.clickUrl());
      ads.add(m);
    }
    List<Object> organic = new ArrayList<>(p.organic().size());
    for (SearchEngine.Organic o : p.organic()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rank", o.rank());
      m.put("productId", o.productId());
      m.put("title", o.title());
      m.put("priceMicros", o.priceMicros());
      m.put("score", o.score());
      organic.add(m);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("query", p.query());
    body.put("page", page);
    body.put("size", size);
    body.put("ads", ads);
    body.put("organic", organic);
    body.put("totalMatches", p.totalMatches());
    body.put("tookMicros", p.tookMicros());
    return body;
  }
}
