package io.searchbid.auction.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.searchbid.auction.PositionAuction;
import io.searchbid.auction.PricingRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ./searchbid auction [FILE|-]}: an auction calculator. Reads one auction as a JSON object, or
 * many as JSON Lines, and writes each outcome as JSON in the same shape (one object, or one line per
 * input line).
 */
@Command(
    name = "auction",
    mixinStandardHelpOptions = true,
    version = "searchbid auction 0.1.0",
    description = {
      "Position-auction calculator: allocates slots and prices clicks by GSP, VCG or first price.",
      "",
      "Input (one JSON object, or JSON Lines with one per line):",
      "  {\"mechanism\":\"gsp\"|\"vcg\"|\"first_price\", \"slots\":[{\"clickRate\":0.3},...],",
      "   \"reservePriceMicros\":0, \"incrementMicros\":0, \"minAdRank\":0,",
      "   \"bids\":[{\"id\":\"a\",\"bidMicros\":10000000,\"quality\":1.0},...]}",
      "quality defaults to 1, reservePriceMicros, incrementMicros and minAdRank to 0.",
      "Output: {\"mechanism\":..., \"slots\":[{\"slot\":1,\"id\":\"a\",\"priceMicros\":...,\"adRank\":...},...],",
      "  \"unallocated\":[\"c\"], \"expectedRevenueMicros\":...}  (sum of clickRate x price, rounded).",
      "Bad input: exit code 2 and a message naming the line, the field and the rule. In JSON Lines,",
      "a bad line yields {\"line\":N,\"error\":...} and the other lines are still computed (exit 2 at the end).",
      "Ties in ad rank go to the earlier bid in the input."
    },
    exitCodeOnInvalidInput = 2)
public final class AuctionCli implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> TOP_FIELDS =
      Set.of("mechanism", "slots", "reservePriceMicros", "incrementMicros", "minAdRank", "bids");
  private static final Set<String> BID_FIELDS = Set.of("id", "bidMicros", "quality");
  private static final Set<String> SLOT_FIELDS = Set.of("clickRate");

  @Parameters(index = "0", arity = "0..1", defaultValue = "-", paramLabel = "FILE|-",
      description = "input file, or - for standard input (default)")
  String input;

  private final InputStream stdin;
  private final PrintStream out;
  private final PrintStream err;

  public AuctionCli(InputStream stdin, PrintStream out, PrintStream err) {
    this.stdin = stdin;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.in, System.out, System.err));
  }

  /** Runs the command; returns the exit code. */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    CommandLine cl = new CommandLine(new AuctionCli(in, out, err));
    cl.setOut(new java.io.PrintWriter(out, true));
    cl.setErr(new java.io.PrintWriter(err, true));
    cl.setParameterExceptionHandler((ex, a) -> {
      err.println("searchbid auction: " + ex.getMessage() + " (see --help)");
      return 2;
    });
    return cl.execute(args);
  }

  /** Bad input: the message names the line and field. */
  static final class InputException extends Exception {
    private static final long serialVersionUID = 1L;

    InputException(String message) {
      super(message);
    }
  }

  @Override
  public Integer call() {
    String text;
    try {
      byte[] bytes = "-".equals(input) ? stdin.readAllBytes() : Files.readAllBytes(Path.of(input));
      text = new String(bytes, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      err.println("searchbid auction: cannot read input: no such file '" + input + "'");
      return 2;
    } catch (IOException e) {
      err.println("searchbid auction: cannot read input '" + input + "': " + e.getMessage());
      return 2;
    }
    String[] lines = text.split("\r?\n", -1);
    List<Integer> nonBlank = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      if (!lines[i].isBlank()) {
        nonBlank.add(i);
      }
    }
    if (nonBlank.isEmpty()) {
      err.println("searchbid auction: line 1: input must be a JSON object or JSON Lines, got nothing");
      return 2;
    }
    if (nonBlank.size() == 1 || looksLikeOneObject(text)) {
      int firstLine = nonBlank.get(0) + 1;
      try {
        out.println(JSON.writeValueAsString(compute(text, nonBlank.size() == 1 ? firstLine : 1)));
        return 0;
      } catch (InputException e) {
        err.println("searchbid auction: " + e.getMessage());
        return 2;
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    int errors = 0;
    String firstError = null;
    for (int i : nonBlank) {
      ObjectNode result;
      try {
        result = compute(lines[i], i + 1);
      } catch (InputException e) {
        errors++;
        firstError = firstError == null ? e.getMessage() : firstError;
        result = JSON.createObjectNode();
        result.put("line", i + 1);
        result.put("error", e.getMessage());
      }
      try {
        out.println(JSON.writeValueAsString(result));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    if (errors > 0) {
      err.println("searchbid auction: " + errors + " of " + nonBlank.size() + " lines had errors; first: " + firstError);
      return 2;
    }
    return 0;
  }

  /** Whether the whole text is one JSON value (a pretty-printed object across lines). */
  private static boolean looksLikeOneObject(String text) {
    try (JsonParser p = JSON.getFactory().createParser(text)) {
      JSON.readTree(p);
      return p.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Parses and runs one auction.
   *
   * @param lineOffset line number of the text's first line in the input
   */
  static ObjectNode compute(String text, int lineOffset) throws InputException {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? lineOffset : lineOffset - 1 + e.getLocation().getLineNr();
      throw new InputException("line " + line + ": input must be valid JSON: " + e.getOriginalMessage());
    }
    Fields f = new Fields(text, lineOffset);
    Parsed in = parse(root, f);
    List<PositionAuction.Placement> placements;
    try {
      placements = PositionAuction.auction(in.bids, in.quality, in.slotRates, in.reserve, in.minAdRank,
          in.increment, in.rule);
    } catch (IllegalArgumentException e) {
      throw new InputException("line " + lineOffset + ": " + e.getMessage());
    }
    ObjectNode o = JSON.createObjectNode();
    o.put("mechanism", in.rule.wireName());
    ArrayNode slots = o.putArray("slots");
    boolean[] allocated = new boolean[in.ids.size()];
    double revenue = 0;
    for (PositionAuction.Placement pl : placements) {
      ObjectNode s = slots.addObject();
      s.put("slot", pl.slot());
      s.put("id", in.ids.get(pl.bidder()));
      s.put("priceMicros", pl.priceMicros());
      double rank = pl.adRank();
      if (rank == Math.rint(rank) && Math.abs(rank) < 0x1p53) {
        s.put("adRank", (long) rank);
      } else {
        s.put("adRank", rank);
      }
      allocated[pl.bidder()] = true;
      revenue += in.slotRates[pl.slot() - 1] * pl.priceMicros();
    }
    ArrayNode un = o.putArray("unallocated");
    for (int i = 0; i < allocated.length; i++) {
      if (!allocated[i]) {
        un.add(in.ids.get(i));
      }
    }
    o.put("expectedRevenueMicros", Math.round(revenue));
    return o;
  }

  /** Line numbers of fields (by JSON pointer), for error messages. */
  private static final class Fields {
    private final Map<String, Integer> lineOf = new HashMap<>();
    private final int lineOffset;

    Fields(String text, int lineOffset) {
      this.lineOffset = lineOffset;
      try (JsonParser p = JSON.getFactory().createParser(text)) {
        JsonToken t;
        while ((t = p.nextToken()) != null) {
          if (t == JsonToken.FIELD_NAME || t.isStructStart() || t.isScalarValue()) {
            String ptr = p.getParsingContext().pathAsPointer().toString();
            lineOf.putIfAbsent(ptr, lineOffset - 1 + p.currentTokenLocation().getLineNr());
          }
        }
      } catch (IOException e) {
        // already parsed successfully once; lines fall back to the first line
      }
    }

    InputException fail(String pointer, String rule) {
      int line = lineOf.getOrDefault(pointer, lineOffset);
      return new InputException("line " + line + ": " + name(pointer) + " " + rule);
    }

    /** "/bids/1/bidMicros" → "bids[1].bidMicros". */
    static String name(String pointer) {
      if (pointer.isEmpty()) {
        return "input";
      }
      StringBuilder b = new StringBuilder();
      for (String part : pointer.substring(1).split("/")) {
        if (!part.isEmpty() && part.chars().allMatch(Character::isDigit)) {
          b.append('[').append(part).append(']');
        } else {
          if (b.length() > 0) {
            b.append('.');
          }
          b.append(part);
        }
      }
      return b.length() == 0 ? "input" : b.toString();
    }
  }

  private record Parsed(PricingRule rule, double[] slotRates, long reserve, long increment,
      double minAdRank, List<String> ids, long[] bids, double[] quality) {}

  private static Parsed parse(JsonNode root, Fields f) throws InputException {
    if (!root.isObject()) {
      throw f.fail("", "must be a JSON object, got " + kind(root));
    }
    unknown(root, TOP_FIELDS, "", f);
    JsonNode mech = root.get("mechanism");
    if (mech == null) {
      throw f.fail("/mechanism", "is required (one of gsp, vcg, first_price)");
    }
    if (!mech.isTextual()) {
      throw f.fail("/mechanism", "must be one of \"gsp\", \"vcg\", \"first_price\", got " + mech);
    }
    PricingRule rule;
    try {
      rule = PricingRule.parse(mech.asText());
    } catch (IllegalArgumentException e) {
      throw f.fail("/mechanism", "must be one of gsp, vcg, first_price, got '" + mech.asText() + "'");
    }
    JsonNode slots = root.get("slots");
    if (slots == null || !slots.isArray() || slots.isEmpty()) {
      throw f.fail("/slots", "must be a non-empty array of {\"clickRate\":...}, got "
          + (slots == null ? "nothing" : slots.toString()));
    }
    double[] rates = new double[slots.size()];
    for (int j = 0; j < rates.length; j++) {
      String ptr = "/slots/" + j;
      JsonNode s = slots.get(j);
      if (!s.isObject()) {
        throw f.fail(ptr, "must be an object {\"clickRate\":...}, got " + kind(s));
      }
      unknown(s, SLOT_FIELDS, ptr, f);
      JsonNode cr = s.get("clickRate");
      if (cr == null || !cr.isNumber()) {
        throw f.fail(ptr + "/clickRate", "must be a number in (0, 1], got " + (cr == null ? "nothing" : cr.toString()));
      }
      double a = cr.asDouble();
      if (!(a > 0 && a <= 1)) {
        throw f.fail(ptr + "/clickRate", "must be within (0, 1], got " + cr);
      }
      if (j > 0 && a > rates[j - 1]) {
        throw f.fail(ptr + "/clickRate", "must be <= the clickRate of the slot above (" + rates[j - 1] + "), got " + cr);
      }
      rates[j] = a;
    }
    long reserve = micros(root, "reservePriceMicros", "", f);
    long increment = micros(root, "incrementMicros", "", f);
    double minAdRank = 0;
    JsonNode mr = root.get("minAdRank");
    if (mr != null) {
      if (!mr.isNumber() || !(mr.asDouble() >= 0) || Double.isInfinite(mr.asDouble())) {
        throw f.fail("/minAdRank", "must be a number >= 0, got " + mr);
      }
      minAdRank = mr.asDouble();
    }
    JsonNode bids = root.get("bids");
    if (bids == null || !bids.isArray()) {
      throw f.fail("/bids", "must be an array of {\"id\":...,\"bidMicros\":...}, got "
          + (bids == null ? "nothing" : kind(bids)));
    }
    List<String> ids = new ArrayList<>();
    long[] bidMicros = new long[bids.size()];
    double[] quality = new double[bids.size()];
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < bids.size(); i++) {
      String ptr = "/bids/" + i;
      JsonNode b = bids.get(i);
      if (!b.isObject()) {
        throw f.fail(ptr, "must be an object {\"id\":...,\"bidMicros\":...}, got " + kind(b));
      }
      unknown(b, BID_FIELDS, ptr, f);
      JsonNode id = b.get("id");
      if (id == null || !id.isTextual() || id.asText().isEmpty()) {
        throw f.fail(ptr + "/id", "must be a non-empty string, got " + (id == null ? "nothing" : id.toString()));
      }
      if (!seen.add(id.asText())) {
        throw f.fail(ptr + "/id", "must be unique, got '" + id.asText() + "' twice");
      }
      ids.add(id.asText());
      if (b.get("bidMicros") == null) {
        throw f.fail(ptr + "/bidMicros", "is required (an integer >= 0)");
      }
      bidMicros[i] = micros(b, "bidMicros", ptr, f);
      JsonNode q = b.get("quality");
      if (q == null) {
        quality[i] = 1.0;
      } else if (!q.isNumber() || !(q.asDouble() >= 0) || Double.isInfinite(q.asDouble())) {
        throw f.fail(ptr + "/quality", "must be a number >= 0, got " + q);
      } else {
        quality[i] = q.asDouble();
      }
    }
    return new Parsed(rule, rates, reserve, increment, minAdRank, ids, bidMicros, quality);
  }

  private static long micros(JsonNode parent, String field, String ptr, Fields f) throws InputException {
    JsonNode n = parent.get(field);
    if (n == null) {
      return 0;
    }
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      throw f.fail(ptr + "/" + field, "must be an integer number of micros >= 0, got " + n);
    }
    long v = n.asLong();
    if (v < 0) {
      throw f.fail(ptr + "/" + field, "must be >= 0, got " + v);
    }
    return v;
  }

  private static void unknown(JsonNode o, Set<String> allowed, String ptr, Fields f) throws InputException {
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw f.fail(ptr + "/" + name, "is not a known field (allowed: " + new java.util.TreeSet<>(allowed) + ")");
      }
    }
  }

  private static String kind(JsonNode n) {
    return n.isArray() ? "an array" : n.isObject() ? "an object" : n.isTextual() ? "a string" : n.toString();
  }
}
