package io.searchbid.engine.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.searchbid.engine.Catalog;
import io.searchbid.ranking.CatalogJsonl;
import io.searchbid.ranking.Product;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * Products by their seller (the advertiser holding the key):
 * {@code PUT /v1/products/{id}} (one product as JSON) and {@code POST /v1/products:bulk} (JSON Lines,
 * all-or-nothing), plus public {@code GET /v1/products/{id}}. The body is ranking's catalog JSON
 * ({@code CatalogJsonl}); {@code productId}, {@code sellerId} and {@code createdOn} may be left out,
 * and a single {@code priceMicros} (+ optional {@code stock}) may stand for the SKU list.
 *
 * <p>Writes go through {@link ProductReplica#write}: journaled (the owner is decided there, by the
 * product's bucket entity, so two sellers racing for a new id through different nodes cannot both
 * win) when answered, searchable on the answering node within the refresh interval (500 ms) or at
 * once with {@code ?refresh=true}, and on every other node about as fast (pub-sub; the journal is
 * the fallback). Ownership is first checked against this node's catalog, so a bulk upload naming
 * another seller's product is refused before anything is written; only a race on a new id can
 * refuse part of a bulk upload (the answer lists the refused ids; the rest was written).
 */
public final class ProductRoutes implements HttpServer.Routes {

  public static final int MAX_BULK_LINES = 20_000;

  private final ProductReplica products;
  private final Catalog catalog;
  private final Authenticator auth;
  private final Clock clock;
  private final java.util.concurrent.Executor blocking;

  /** @param blocking executor for the fsync'd log writes (kept off the HTTP dispatcher) */
  public ProductRoutes(ProductReplica products, Catalog catalog, Authenticator auth, Clock clock,
      java.util.concurrent.Executor blocking) {
    this.products = products;
    this.catalog = catalog;
    this.auth = auth;
    this.clock = clock;
    this.blocking = blocking;
  }

  @Override
  public void register(Router r) {
    r.add("PUT", "/v1/products/{id}", true, this::put);
    r.add("GET", "/v1/products/{id}", false, this::get);
    r.add("POST", "/v1/products:bulk", true, this::bulk);
  }

  private CompletionStage<HttpResponse> get(Call call) {
    Catalog.Entry e = catalog.get(call.param("id"));
    if (e == null) {
      return Responses.fail(ApiError.notFound("no product " + call.param("id")));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("productId", e.productId());
    m.put("sellerId", e.sellerId());
    m.put("title", e.title());
    m.put("category", e.category());
    m.put("priceMicros", e.priceMicros());
    return Responses.ok(m);
  }

  private CompletionStage<HttpResponse> put(Call call) {
    return auth.advertiserId(call).thenComposeAsync(seller -> {
      String id = call.param("id");
      JsonNode node = readTree(new String(call.body(), StandardCharsets.UTF_8), null);
      Product p = toProduct(node, id, seller, null);
      checkOwner(p, seller, null);
      boolean refresh = call.query("refresh").map("true"::equals).orElse(false);
      return write(List.of(p), refresh, null).thenApply(r -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("productId", p.productId());
        m.put("sellerId", seller);
        m.put("searchable", refresh ? "now" : "within 1s");
        return Responses.json(200, m);
      });
    }, blocking);
  }

  /** Writes; a product refused by its bucket (another seller's) answers 403 naming it. */
  private CompletionStage<ProductReplica.WriteResult> write(List<Product> ps, boolean refresh, String where) {
    CompletionStage<ProductReplica.WriteResult> w;
    try {
      w = products.write(ps, refresh);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("too_large", where == null ? "body" : where, e.getMessage()).toException();
    }
    return w.thenApply(r -> {
      if (!r.notOwned().isEmpty()) {
        throw new ApiError(403, "not_owner", "productId", "products " + r.notOwned() + " belong to another seller"
            + (r.written() > 0 ? " (the other " + r.written() + " products were written)" : "")).toException();
      }
      return r;
    });
  }

  private CompletionStage<HttpResponse> bulk(Call call) {
    return auth.advertiserId(call).thenComposeAsync(seller -> {
      List<Product> products = new ArrayList<>();
      try (BufferedReader r = new BufferedReader(new StringReader(new String(call.body(), StandardCharsets.UTF_8)))) {
        int lineNo = 0;
        for (String line; (line = r.readLine()) != null; ) {
          lineNo++;
          if (line.isBlank()) {
            continue;
          }
          if (products.size() >= MAX_BULK_LINES) {
            throw ApiError.badRequest("too_many", "line " + lineNo, "at most " + MAX_BULK_LINES + " products per bulk request").toException();
          }
          String where = "line " + lineNo;
          Product p = toProduct(readTree(line, where), null, seller, where);
          checkOwner(p, seller, where);
          products.add(p);
        }
      } catch (IOException e) {
        throw ApiError.badRequest("malformed", null, "cannot read body").toException();
      }
      if (products.isEmpty()) {
        throw ApiError.badRequest("empty", null, "body must hold at least one product (JSON Lines)").toException();
      }
      boolean refresh = call.query("refresh").map("true"::equals).orElse(false);
      return write(products, refresh, null).thenApply(r -> Responses.json(200, Map.of("upserted", products.size())));
    }, blocking);
  }

  private void checkOwner(Product p, String seller, String where) {
    Catalog.Entry existing = catalog.get(p.productId());
    if (existing != null && !existing.sellerId().equals(seller)) {
      throw new ApiError(403, "not_owner", where == null ? "productId" : where,
          (where == null ? "" : where + ": ") + "product " + p.productId() + " belongs to another seller").toException();
    }
  }

  private static JsonNode readTree(String text, String where) {
    try {
      JsonNode n = Json.mapper().readTree(text);
      if (n == null || !n.isObject()) {
        throw ApiError.badRequest("malformed_json", where, prefix(where) + "body must be a JSON object").toException();
      }
      return n;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApiError.badRequest("malformed_json", where, prefix(where) + "malformed JSON: " + e.getOriginalMessage()).toException();
    }
  }

  private static String prefix(String where) {
    return where == null ? "" : where + ": ";
  }

  private Product toProduct(JsonNode n, String pathId, String seller, String where) {
    ObjectNode o = ((ObjectNode) n).deepCopy();
    String field = where == null ? "productId" : where;
    JsonNode idNode = o.get("productId");
    if (pathId != null) {
      if (idNode != null && !pathId.equals(idNode.asText())) {
        throw ApiError.badRequest("mismatch", field, "productId in the body ('" + idNode.asText() + "') differs from the path ('" + pathId + "')").toException();
      }
      o.put("productId", pathId);
    } else if (idNode == null || !idNode.isTextual()) {
      throw ApiError.badRequest("required", field, prefix(where) + "productId is required").toException();
    }
    JsonNode sellerNode = o.get("sellerId");
    if (sellerNode != null && !seller.equals(sellerNode.asText())) {
      throw new ApiError(403, "not_owner", where == null ? "sellerId" : where,
          prefix(where) + "sellerId must be your advertiser id " + seller + ", got '" + sellerNode.asText() + "'").toException();
    }
    o.put("sellerId", seller);
    if (!o.has("createdOn")) {
      o.put("createdOn", LocalDate.ofEpochDay(io.searchbid.auction.Times.epochDay(clock.millis())).toString());
    }
    if (o.has("priceMicros") && !o.has("skus")) {
      JsonNode price = o.remove("priceMicros");
      JsonNode stock = o.remove("stock");
      ArrayNode skus = o.putArray("skus");
      ObjectNode sku = skus.addObject();
      sku.put("skuId", o.get("productId").asText());
      sku.set("priceMicros", price);
      if (stock != null) {
        sku.set("stock", stock);
      } else {
        sku.put("stock", 100);
      }
    }
    try {
      return CatalogJsonl.fromJson(o.toString());
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("invalid_product", where == null ? null : where, prefix(where) + e.getMessage()).toException();
    }
  }
}
