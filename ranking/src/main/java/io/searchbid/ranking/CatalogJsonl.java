package io.searchbid.ranking;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Catalogs as JSON Lines: one {@link Product} per line, UTF-8, e.g.
 *
 * <pre>{@code
 * {"productId":"p1","sellerId":"s7","title":"Harlow Modern Velvet Accent Chair, Grey",
 *  "category":"Accent Chairs","brand":"Harlow","attributes":{"color":"grey"},
 *  "skus":[{"skuId":"sku1","priceMicros":129990000,"stock":12}],"createdOn":"2025-03-01",
 *  "signals":{"sales7d":3,"sales30d":10,"impressions":5000,"clicks":120,"orders":11,
 *             "rating":4.5,"reviewCount":4}}
 * }</pre>
 *
 * (one line in the file). All fields are required except {@code attributes} (default empty) and
 * {@code signals} (default {@link Signals#NONE}); unknown fields are errors. Empty lines are ignored.
 *
 * <p>Reading never drops a line silently: a bad line either fails the whole read ({@link
 * OnBadLine#FAIL}, a {@link CatalogFormatException} naming the line number, field and rule) or is
 * skipped and reported in {@link ReadResult#errors()} ({@link OnBadLine#SKIP}). Writing is
 * deterministic: the same products give the same bytes.
 */
public final class CatalogJsonl {

  /** What a reader does with a malformed or invalid line. */
  public enum OnBadLine {
    /** Stop and throw {@link CatalogFormatException} at the first bad line. */
    FAIL,
    /** Skip the line and report it in {@link ReadResult#errors()}. */
    SKIP
  }

  /** A bad input line: its 1-based number and what is wrong with it. */
  public record LineError(long lineNumber, String message) {
    @Override
    public String toString() {
      return "line " + lineNumber + ": " + message;
    }
  }

  /** The products read and the lines skipped (always empty with {@link OnBadLine#FAIL}). */
  public record ReadResult(List<Product> products, List<LineError> errors) {
    public ReadResult {
      products = List.copyOf(products);
      errors = List.copyOf(errors);
    }
  }

  /** A bad line when reading with {@link OnBadLine#FAIL}. */
  public static final class CatalogFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final long lineNumber;

    public CatalogFormatException(long lineNumber, String message) {
      super("line " + lineNumber + ": " + message);
      this.lineNumber = lineNumber;
    }

    public long lineNumber() {
      return lineNumber;
    }
  }

  private static final ObjectMapper MAPPER =
      new ObjectMapper(JsonFactory.builder().enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
  private static final Set<String> PRODUCT_FIELDS =
      Set.of("productId", "sellerId", "title", "category", "brand", "attributes", "skus", "createdOn", "signals");
  private static final Set<String> SKU_FIELDS = Set.of("skuId", "priceMicros", "stock");
  private static final Set<String> SIGNAL_FIELDS =
      Set.of("sales7d", "sales30d", "impressions", "clicks", "orders", "rating", "reviewCount");

  private CatalogJsonl() {}

  // --- writing -----------------------------------------------------------------------------------

  /** Writes one line per product. @return the number of products written */
  public static long write(Iterable<Product> products, Writer out) throws IOException {
    long n = 0;
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.setRootValueSeparator(null);
      for (Product p : products) {
        writeProduct(g, p);
        g.flush();
        out.write('\n');
        n++;
      }
    }
    out.flush();
    return n;
  }

  /** Writes the products to {@code file} (replaced). @return the number written */
  public static long write(Iterable<Product> products, Path file) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      return write(products, w);
    }
  }

  /** One product as one JSON line (without the newline). */
  public static String toJson(Product p) {
    StringWriter sw = new StringWriter();
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(sw)) {
      writeProduct(g, p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sw.toString();
  }

  private static void writeProduct(JsonGenerator g, Product p) throws IOException {
    g.writeStartObject();
    g.writeStringField("productId", p.productId());
    g.writeStringField("sellerId", p.sellerId());
    g.writeStringField("title", p.title());
    g.writeStringField("category", p.category());
    g.writeStringField("brand", p.brand());
    g.writeObjectFieldStart("attributes");
    for (Map.Entry<String, String> e : p.attributes().entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
    g.writeArrayFieldStart("skus");
    for (Sku s : p.skus()) {
      g.writeStartObject();
      g.writeStringField("skuId", s.skuId());
      g.writeNumberField("priceMicros", s.priceMicros());
      g.writeNumberField("stock", s.stock());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeStringField("createdOn", p.createdOn().toString());
    Signals s = p.signals();
    g.writeObjectFieldStart("signals");
    g.writeNumberField("sales7d", s.sales7d());
    g.writeNumberField("sales30d", s.sales30d());
    g.writeNumberField("impressions", s.impressions());
    g.writeNumberField("clicks", s.clicks());
    g.writeNumberField("orders", s.orders());
    g.writeNumberField("rating", s.rating());
    g.writeNumberField("reviewCount", s.reviewCount());
    g.writeEndObject();
    g.writeEndObject();
  }

  // --- reading -----------------------------------------------------------------------------------

  /** Reads a whole file into memory. */
  public static ReadResult read(Path file, OnBadLine onBadLine) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(r, onBadLine);
    }
  }

  /** Reads all lines from {@code in} into memory. */
  public static ReadResult read(Reader in, OnBadLine onBadLine) throws IOException {
    List<Product> products = new ArrayList<>();
    List<LineError> errors = new ArrayList<>();
    forEach(in, onBadLine, products::add, errors::add);
    return new ReadResult(products, errors);
  }

  /**
   * Streams products from {@code in} (for catalogs too large to hold in memory).
   *
   * @param onProduct receives each good product, in file order
   * @param onError receives each skipped line ({@link OnBadLine#SKIP} only)
   * @return the number of good products
   * @throws CatalogFormatException on the first bad line with {@link OnBadLine#FAIL}
   */
  public static long forEach(
      Reader in, OnBadLine onBadLine, Consumer<Product> onProduct, Consumer<LineError> onError)
      throws IOException {
    BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in);
    long lineNo = 0;
    long good = 0;
    for (String line; (line = r.readLine()) != null; ) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      Product p;
      try {
        p = fromJson(line);
      } catch (IllegalArgumentException e) {
        if (onBadLine == OnBadLine.FAIL) {
          throw new CatalogFormatException(lineNo, e.getMessage());
        }
        onError.accept(new LineError(lineNo, e.getMessage()));
        continue;
      }
      onProduct.accept(p);
      good++;
    }
    return good;
  }

  /**
   * Parses one JSON line.
   *
   * @throws IllegalArgumentException naming the field and the rule when the line is not a valid
   *     product
   */
  public static Product fromJson(String line) {
    JsonNode n;
    try {
      n = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("a line must be a JSON object with the product's fields");
    }
    unknownFields(n, PRODUCT_FIELDS, "");
    Map<String, String> attrs = new LinkedHashMap<>();
    JsonNode a = n.get("attributes");
    if (a != null && !a.isNull()) {
      if (!a.isObject()) {
        throw new IllegalArgumentException("attributes must be an object of string values");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isTextual()) {
          throw new IllegalArgumentException("attributes." + e.getKey() + " must be a string, got " + e.getValue());
        }
        attrs.put(e.getKey(), e.getValue().asText());
      }
    }
    JsonNode skusNode = n.get("skus");
    if (skusNode == null || !skusNode.isArray()) {
      throw new IllegalArgumentException("skus must be an array of SKU objects, got " + skusNode);
    }
    List<Sku> skus = new ArrayList<>();
    for (int i = 0; i < skusNode.size(); i++) {
      JsonNode s = skusNode.get(i);
      String path = "skus[" + i + "].";
      if (!s.isObject()) {
        throw new IllegalArgumentException(path.substring(0, path.length() - 1) + " must be an object");
      }
      unknownFields(s, SKU_FIELDS, path);
      skus.add(new Sku(text(s, "skuId", path), integer(s, "priceMicros", path), integer(s, "stock", path)));
    }
    String created = text(n, "createdOn", "");
    LocalDate createdOn;
    try {
      createdOn = LocalDate.parse(created);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("createdOn must be an ISO date like 2025-03-01, got '" + created + "'");
    }
    Signals signals = Signals.NONE;
    JsonNode sg = n.get("signals");
    if (sg != null && !sg.isNull()) {
      if (!sg.isObject()) {
        throw new IllegalArgumentException("signals must be an object");
      }
      unknownFields(sg, SIGNAL_FIELDS, "signals.");
      JsonNode rating = sg.get("rating");
      if (rating == null || !rating.isNumber()) {
        throw new IllegalArgumentException("signals.rating must be a number, got " + rating);
      }
      signals =
          new Signals(
              integer(sg, "sales7d", "signals."),
              integer(sg, "sales30d", "signals."),
              integer(sg, "impressions", "signals."),
              integer(sg, "clicks", "signals."),
              integer(sg, "orders", "signals."),
              rating.asDouble(),
              integer(sg, "reviewCount", "signals."));
    }
    return new Product(
        text(n, "productId", ""),
        text(n, "sellerId", ""),
        text(n, "title", ""),
        text(n, "category", ""),
        text(n, "brand", ""),
        attrs,
        skus,
        createdOn,
        signals);
  }

  private static void unknownFields(JsonNode n, Set<String> known, String path) {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        throw new IllegalArgumentException("unknown field '" + path + f + "'; known fields: " + new java.util.TreeSet<>(known));
      }
    }
  }

  private static String text(JsonNode n, String field, String path) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(path + field + " is required");
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException(path + field + " must be a string, got " + v);
    }
    return v.asText();
  }

  private static long integer(JsonNode n, String field, String path) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(path + field + " is required");
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException(path + field + " must be an integer, got " + v);
    }
    return v.asLong();
  }
}
