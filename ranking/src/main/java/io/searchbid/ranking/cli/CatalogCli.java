package io.searchbid.ranking.cli;

import io.searchbid.ranking.CatalogGenerator;
import io.searchbid.ranking.CatalogJsonl;
import io.searchbid.ranking.CatalogJsonl.OnBadLine;
import io.searchbid.ranking.Hit;
import io.searchbid.ranking.ProductIndex;
import io.searchbid.ranking.RankingProfile;
import io.searchbid.ranking.ScoreParts;
import io.searchbid.ranking.SearchRequest;
import io.searchbid.ranking.SearchResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./searchbid catalog generate|search}: make a synthetic catalog, or search one and see why
 * each hit ranks where it does. Exit codes: 0 ok, 1 bad input data (a catalog line, a missing
 * file), 2 usage error.
 */
@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    description = "Generate synthetic product catalogs (JSONL) and search them with the commerce ranking.",
    subcommands = {CatalogCli.Generate.class, CatalogCli.Index.class, CatalogCli.Search.class})
public final class CatalogCli implements Runnable {

  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing sub-command: generate or search");
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
  }

  /** Runs the command with the given streams; returns the exit code (for tests). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new CatalogCli());
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          err.println("searchbid catalog: " + ex.getMessage() + " (see --help)");
          err.flush();
          return 2;
        });
    cl.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          if (ex instanceof UsageException) {
            err.println("searchbid catalog: " + ex.getMessage() + " (see --help)");
            err.flush();
            return 2;
          }
          if (ex instanceof IllegalArgumentException || ex instanceof IOException
              || ex instanceof UncheckedIOException) {
            err.println("searchbid catalog: " + message(ex));
            err.flush();
            return 1;
          }
          throw ex;
        });
    return cl.execute(args);
  }

  private static String message(Exception ex) {
    if (ex instanceof NoSuchFileException nsf) {
      return "no such file: " + nsf.getFile();
    }
    if (ex instanceof UncheckedIOException u && u.getCause() instanceof NoSuchFileException nsf) {
      return "no such file: " + nsf.getFile();
    }
    return ex.getMessage();
  }

  /** A usage error detected after parsing (bad combination of values): exit 2. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = "Write a seeded synthetic catalog as JSON Lines (same seed => same bytes).")
  static final class Generate implements Callable<Integer> {
    @Option(names = "--products", required = true, description = "number of products (>= 1)")
    long products;

    @Option(names = "--lang", defaultValue = "en", description = "title language: en or zh (default ${DEFAULT-VALUE})")
    String lang;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", required = true, description = "output file (.jsonl); replaced if it exists")
    Path out;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      if (products < 1) {
        throw new UsageException("--products must be >= 1, got " + products);
      }
      CatalogGenerator.Language language;
      try {
        language = CatalogGenerator.Language.parse(lang);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--lang " + e.getMessage());
      }
      CatalogGenerator g = new CatalogGenerator(seed, language);
      long n = CatalogJsonl.write(g.stream(products), out);
      spec.commandLine().getErr().printf("wrote %d %s products (seed %d) to %s%n", n, lang, seed, out);
      return 0;
    }
  }

  @Command(
      name = "index",
      mixinStandardHelpOptions = true,
      description = "Build an on-disk product index from a JSONL catalog or straight from the generator.")
  static final class Index implements Callable<Integer> {
    /** Products per indexing batch: large enough to keep every thread busy, small enough to hold. */
    private static final int BATCH = 65_536;

    @Option(names = "--out", required = true, description = "index directory (created; products are added to an existing index)")
    Path out;

    @Option(names = "--catalog", description = "catalog file (.jsonl) to index")
    Path catalog;

    @Option(names = "--products", description = "generate this many products instead of reading --catalog")
    Long products;

    @Option(names = "--lang", defaultValue = "en", description = "generator language: en or zh (default ${DEFAULT-VALUE})")
    String lang;

    @Option(names = "--seed", defaultValue = "1", description = "generator seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", defaultValue = "1", description = "indexing threads; the index ranks the same for any count (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--on-bad-line", defaultValue = "fail", description = "fail or skip (for --catalog); default ${DEFAULT-VALUE}")
    String onBadLine;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if ((catalog == null) == (products == null)) {
        throw new UsageException("give exactly one of --catalog FILE or --products N");
      }
      if (products != null && products < 1) {
        throw new UsageException("--products must be >= 1, got " + products);
      }
      if (threads < 1 || threads > 64) {
        throw new UsageException("--threads must be in [1, 64], got " + threads);
      }
      OnBadLine policy = switch (onBadLine.toLowerCase(Locale.ROOT)) {
        case "fail" -> OnBadLine.FAIL;
        case "skip" -> OnBadLine.SKIP;
        default -> throw new UsageException("--on-bad-line must be fail or skip, got '" + onBadLine + "'");
      };
      PrintWriter err = spec.commandLine().getErr();
      Files.createDirectories(out);
      long startNanos = System.nanoTime(); // searchbid:allow-clock elapsed time for display only
      long n;
      // One indexer thread takes whole batches in order and indexes each on `threads` threads
      // (ProductIndex.addAll(list, threads) numbers them in list order, so the index ranks the same
      // whatever the thread count); meanwhile this thread reads or generates the next batch.
      java.util.concurrent.ExecutorService indexer = java.util.concurrent.Executors.newSingleThreadExecutor();
      try (ProductIndex index = ProductIndex.open(out, RankingProfile.defaults())) {
        java.util.List<java.util.concurrent.Future<?>> pending = new java.util.ArrayList<>();
        java.util.List<io.searchbid.ranking.Product> batch = new java.util.ArrayList<>(BATCH);
        long[] count = {0};
        java.util.function.Consumer<io.searchbid.ranking.Product> sink = p -> {
          batch.add(p);
          count[0]++;
          if (batch.size() == BATCH) {
            java.util.List<io.searchbid.ranking.Product> b = java.util.List.copyOf(batch);
            batch.clear();
            pending.add(indexer.submit(() -> index.addAll(b, threads)));
            if (pending.size() > 1) {
              try {
                await(pending.remove(0));
              } catch (RuntimeException e) {
                throw e;
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            }
          }
        };
        if (products != null) {
          CatalogGenerator.Language language;
          try {
            language = CatalogGenerator.Language.parse(lang);
          } catch (IllegalArgumentException e) {
            throw new UsageException("--lang " + e.getMessage());
          }
          CatalogGenerator g = new CatalogGenerator(seed, language);
          for (long i = 0; i < products; i++) {
            sink.accept(g.next());
          }
        } else {
          try (BufferedReader r = Files.newBufferedReader(catalog, StandardCharsets.UTF_8)) {
            CatalogJsonl.forEach(r, policy, sink, e -> err.println("searchbid catalog: skipped " + catalog + " " + e));
          } catch (CatalogJsonl.CatalogFormatException e) {
            throw new IllegalArgumentException(catalog + " " + e.getMessage()
                + " (use --on-bad-line skip to skip bad lines)", e);
          }
        }
        java.util.List<io.searchbid.ranking.Product> last = java.util.List.copyOf(batch);
        pending.add(indexer.submit(() -> index.addAll(last, threads)));
        for (java.util.concurrent.Future<?> f : pending) {
          await(f);
        }
        index.commit();
        n = count[0];
      } finally {
        indexer.shutdown();
      }
      double seconds = (System.nanoTime() - startNanos) / 1e9; // searchbid:allow-clock display only
      long bytes = 0;
      try (var files = Files.list(out)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          bytes += Files.size(f);
        }
      }
      err.printf(Locale.ROOT, "indexed %d products into %s in %.1f s (%.0f products/s, %d thread(s)); index size %.1f MB%n",
          n, out, seconds, n / Math.max(seconds, 1e-9), threads, bytes / 1e6);
      return 0;
    }

    private static void await(java.util.concurrent.Future<?> f) throws Exception {
      try {
        f.get();
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof Exception ex) {
          throw ex;
        }
        throw e;
      }
    }
  }

  @Command(
      name = "search",
      mixinStandardHelpOptions = true,
      description = "Index a JSONL catalog in memory and print the top hits with their score parts.")
  static final class Search implements Callable<Integer> {
    @Option(names = "--catalog", description = "catalog file (.jsonl), indexed in memory")
    Path catalog;

    @Option(names = "--index", description = "on-disk index built by 'catalog index' (instead of --catalog)")
    Path indexDir;

    @Option(names = "--top", defaultValue = "10", description = "hits per page (default ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--page", defaultValue = "0", description = "zero-based page (default ${DEFAULT-VALUE})")
    int page;

    @Option(names = "--explain", description = "print every part of each score")
    boolean explain;

    @Option(names = "--profile", defaultValue = "ranked", description = "ranked (BM25 x commerce signals) or bm25 (default ${DEFAULT-VALUE})")
    String profile;

    @Option(names = "--candidates", defaultValue = "" + RankingProfile.DEFAULT_CANDIDATES, description = "BM25 candidates re-scored by the ranked profile (default ${DEFAULT-VALUE})")
    int candidates;

    @Option(names = "--strategy", defaultValue = "top-n", description = "top-n (re-score the BM25 top-N; default) or exact (exact blended top-k over all matches, pruned)")
    String strategy;

    @Option(names = "--category", description = "only this exact category")
    String category;

    @Option(names = "--brand", description = "only this exact brand")
    String brand;

    @Option(names = "--min-price", description = "lowest listing price, currency units (e.g. 19.99)")
    BigDecimal minPrice;

    @Option(names = "--max-price", description = "highest listing price, currency units (e.g. 250)")
    BigDecimal maxPrice;

    @Option(names = "--on-bad-line", defaultValue = "fail", description = "fail (reject the file) or skip (report and skip bad lines); default ${DEFAULT-VALUE}")
    String onBadLine;

    @Parameters(arity = "1..*", paramLabel = "QUERY", description = "query text (words are joined by spaces)")
    String[] query;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      OnBadLine policy = switch (onBadLine.toLowerCase(Locale.ROOT)) {
        case "fail" -> OnBadLine.FAIL;
        case "skip" -> OnBadLine.SKIP;
        default -> throw new UsageException("--on-bad-line must be fail or skip, got '" + onBadLine + "'");
      };
      RankingProfile rp = switch (profile.toLowerCase(Locale.ROOT)) {
        case "ranked" -> RankingProfile.defaults();
        case "bm25" -> RankingProfile.bm25Only();
        default -> throw new UsageException("--profile must be ranked or bm25, got '" + profile + "'");
      };
      ProductIndex.Strategy strat = switch (strategy.toLowerCase(Locale.ROOT)) {
        case "top-n" -> ProductIndex.Strategy.TOP_N_RESCORE;
        case "exact" -> ProductIndex.Strategy.EXACT_PRUNED;
        default -> throw new UsageException("--strategy must be top-n or exact, got '" + strategy + "'");
      };
      if (candidates < 1) {
        throw new UsageException("--candidates must be >= 1, got " + candidates);
      }
      rp = rp.withCandidates(candidates);
      SearchRequest request;
      try {
        request = new SearchRequest(String.join(" ", query), category, brand,
                micros("--min-price", minPrice, 0), micros("--max-price", maxPrice, Long.MAX_VALUE),
                page, top, explain);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
      if ((catalog == null) == (indexDir == null)) {
        throw new UsageException("give exactly one of --catalog FILE or --index DIR");
      }
      if (indexDir != null && !Files.isDirectory(indexDir)) {
        throw new IllegalArgumentException("no index directory: " + indexDir);
      }
      try (ProductIndex index = catalog != null ? ProductIndex.inMemory(rp) : ProductIndex.open(indexDir, rp)) {
        long n;
        if (catalog != null) {
          try (BufferedReader r = Files.newBufferedReader(catalog, StandardCharsets.UTF_8)) {
            long[] skipped = {0};
            n = CatalogJsonl.forEach(r, policy, index::upsert, e -> {
              skipped[0]++;
              err.println("searchbid catalog: skipped " + catalog + " " + e);
            });
            if (skipped[0] > 0) {
              err.printf("searchbid catalog: skipped %d bad line(s), indexed %d products%n", skipped[0], n);
            }
          }
          index.refresh();
        } else {
          n = index.size();
        }
        SearchResult result;
        try {
          result = index.search(request, rp, strat);
        } catch (IllegalArgumentException e) {
          throw new UsageException(e.getMessage());
        }
        print(out, request, rp, strat, result, n);
      } catch (CatalogJsonl.CatalogFormatException e) {
        throw new IllegalArgumentException(catalog + " " + e.getMessage()
            + " (use --on-bad-line skip to skip bad lines)", e);
      }
      return 0;
    }

    private static long micros(String option, BigDecimal units, long dflt) {
      if (units == null) {
        return dflt;
      }
      if (units.signum() < 0) {
        throw new UsageException(option + " must be >= 0, got " + units.toPlainString());
      }
      try {
        return units.movePointRight(6).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
      } catch (ArithmeticException e) {
        throw new UsageException(option + " is too large, got " + units.toPlainString());
      }
    }

    private static String money(long micros) {
      return BigDecimal.valueOf(micros, 6).setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    private void print(PrintWriter out, SearchRequest req, RankingProfile rp, ProductIndex.Strategy strat,
        SearchResult result, long indexed) {
      out.printf("query \"%s\": %s%d matches of %d products (%s)%n", req.text(),
          result.totalExact() ? "" : ">= ", result.totalMatches(), indexed,
          !rp.blend() ? "plain BM25"
              : strat == ProductIndex.Strategy.EXACT_PRUNED ? "all matches x commerce signals, exact"
              : "BM25 top-" + rp.candidates() + " x commerce signals");
      if (result.hits().isEmpty()) {
        out.println("no hits");
        return;
      }
      int rank = req.from();
      for (Hit h : result.hits()) {
        rank++;
        out.printf("%3d. %-10s %8.4f  %10s  %-12s %s%n", rank, h.productId(), h.score(),
            money(h.priceMicros()), h.category(), h.title());
        ScoreParts p = h.parts();
        if (p != null) {
          out.printf("       bm25 %.4f x ctr %.3f (ctr~ %.4f) x cvr %.3f (cvr~ %.4f) x sales %.3f (%.2f/day)"
                  + " x rating %.3f (rating~ %.2f) x price %.3f (median %s) = %.4f%n",
              p.bm25(), p.ctrMultiplier(), p.smoothedCtr(), p.cvrMultiplier(), p.smoothedCvr(),
              p.salesMultiplier(), p.salesPerDay(), p.ratingMultiplier(), p.bayesRating(),
              p.priceMultiplier(), money(p.categoryMedianPriceMicros()), p.score());
        }
      }
    }
  }
}
