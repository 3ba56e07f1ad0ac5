package io.searchbid.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.searchbid.ranking.CatalogJsonl;
import io.searchbid.ranking.Product;
import io.searchbid.ranking.Signals;
import io.searchbid.ranking.Sku;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Products are journaled: the journal, not a node's product directory, is their source of truth.
 * A node whose product directory is lost, outdated or written before products were journaled comes
 * back with every product as last written, and ownership still holds.
 */
class ProductJournalTest {

  static final String LAMP = "{\"title\":\"Brass reading lamp\",\"category\":\"Lamps\",\"brand\":\"Lumo\",\"priceMicros\":%d}";

  static void deleteTree(Path root) throws Exception {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  static long priceOf(TestServer s, String productId) {
    TestServer.Resp r = s.get("/v1/products/" + productId, null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("priceMicros").asLong();
  }

  static List<String> organicIds(TestServer s, String q) {
    List<String> ids = new ArrayList<>();
    for (JsonNode hit : s.get("/v1/search?q=" + q.replace(" ", "+"), null).json().get("organic")) {
      ids.add(hit.get("productId").asText());
    }
    return ids;
  }

  @Test
  void lostProductDirectory_productsComeBackFromTheJournal_asLastWritten_andStillOwned(@TempDir Path dir) throws Exception {
    String[] seller;
    try (TestServer s = new TestServer(dir)) {
      seller = s.newAdvertiser("Lamp shop");
      for (long price : new long[] {25_000_000, 27_500_000, 19_900_000}) {
        assertThat(s.send("PUT", "/v1/products/lamp-1", seller[1], LAMP.formatted(price)).status()).isEqualTo(200);
      }
      TestServer.Resp bulk = s.post("/v1/products:bulk", seller[1],
          "{\"productId\":\"lamp-2\",\"title\":\"Brass desk lamp\",\"category\":\"Lamps\",\"brand\":\"Lumo\",\"priceMicros\":31000000}\n"
              + "{\"productId\":\"lamp-3\",\"title\":\"Paper floor lamp\",\"category\":\"Lamps\",\"brand\":\"Lumo\",\"priceMicros\":45000000}\n");
      assertThat(bulk.status()).as(bulk.body()).isEqualTo(200);
    }
    deleteTree(dir.resolve("products"));

    try (TestServer s = new TestServer(dir)) {
      assertThat(priceOf(s, "lamp-1")).isEqualTo(19_900_000);
      assertThat(priceOf(s, "lamp-2")).isEqualTo(31_000_000);
      assertThat(organicIds(s, "brass")).containsExactlyInAnyOrder("lamp-1", "lamp-2");
      String[] other = s.newAdvertiser("Someone else");
      TestServer.Resp steal = s.send("PUT", "/v1/products/lamp-3", other[1], LAMP.formatted(1_000_000));
      assertThat(steal.status()).as(steal.body()).isEqualTo(403);
      assertThat(steal.json().get("error").get("code").asText()).isEqualTo("not_owner");
      assertThat(priceOf(s, "lamp-3")).isEqualTo(45_000_000);
    }
  }

  @Test
  void indexWrittenByAnOlderVersion_isRebuiltFromTheProductLog(@TempDir Path dir) throws Exception {
    try (TestServer s = new TestServer(dir)) {
      String[] seller = s.newAdvertiser("Lamp shop");
      s.putProduct(seller[1], "lamp-1", "Brass reading lamp");
      s.putProduct(seller[1], "lamp-2", "Paper floor lamp");
    }
    Path index = dir.resolve("products").resolve("index");
    deleteTree(index);
    try (IndexWriter w = new IndexWriter(FSDirectory.open(index), new IndexWriterConfig(new StandardAnalyzer()))) {
      Document d = new Document();
      d.add(new StringField("id", "stale", Field.Store.YES));
      w.addDocument(d); // no index sort: the layout of searchbid before the sorted index
      w.commit();
    }

    try (TestServer s = new TestServer(dir)) {
      assertThat(organicIds(s, "brass")).containsExactly("lamp-1");
      assertThat(organicIds(s, "paper")).containsExactly("lamp-2");
      assertThat(s.app.engine().productIndex().size()).isEqualTo(2);
    }
  }

  @Test
  void storeWrittenBeforeProductsWereJournaled_isWrittenToTheJournalAtFirstStart(@TempDir Path dir) throws Exception {
    String sellerId;
    String key;
    try (TestServer s = new TestServer(dir)) { // registers the seller; no products yet
      String[] seller = s.newAdvertiser("Old shop");
      sellerId = seller[0];
      key = seller[1];
    }
    // the product directory of an older version: a log, no journal offset
    deleteTree(dir.resolve("products"));
    Files.createDirectories(dir.resolve("products"));
    Product old = new Product("old-1", sellerId, "Walnut side table", "Tables", "Holt", Map.of(),
        List.of(new Sku("old-1", 80_000_000, 5)), LocalDate.of(2026, 1, 5), Signals.NONE);
    Files.writeString(dir.resolve("products").resolve("log.jsonl"), CatalogJsonl.toJson(old) + "\n");

    try (TestServer s = new TestServer(dir)) {
      assertThat(priceOf(s, "old-1")).isEqualTo(80_000_000);
      assertThat(organicIds(s, "walnut table")).containsExactly("old-1");
    }
    deleteTree(dir.resolve("products")); // now only the journal has it
    try (TestServer s = new TestServer(dir)) {
      assertThat(priceOf(s, "old-1")).isEqualTo(80_000_000);
      assertThat(organicIds(s, "walnut table")).containsExactly("old-1");
      assertThat(s.send("PUT", "/v1/products/old-1", key, LAMP.formatted(70_000_000)).status()).isEqualTo(200);
      assertThat(priceOf(s, "old-1")).isEqualTo(70_000_000);
    }
  }
}
