package io.searchbid.simulator.report;

import io.searchbid.simulator.scenario.Money;
import io.searchbid.simulator.sim.ReplicateResult;
import io.searchbid.simulator.sim.SimulationResult;
import io.searchbid.simulator.strategy.KeywordDay;
import io.searchbid.simulator.strategy.ProductDay;
import io.searchbid.simulator.strategy.SellerDay;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Daily CSVs: {@code daily.csv} (one row per variant, replicate, day and seller), {@code
 * daily-products.csv} and {@code daily-keywords.csv} (scenario sellers only). Money in currency units
 * with 6 decimals (exact micros), rates as fractions.
 */
public final class CsvReport {
  public static final String DAILY_HEADER =
      "variant,replicate,day,seller,competitor,price,budget,impressions,ad_impressions,organic_impressions,"
          + "activity_impressions,clicks,ad_clicks,charged_clicks,organic_clicks,activity_clicks,ctr,avg_cpc,orders,cvr,"
          + "gmv,ad_spend,roas,roi,cogs,profit,organic_avg_position,activity_slots,stock";

  private CsvReport() {}

  public static void write(SimulationResult result, Path dir) throws IOException {
    try (Writer w = Files.newBufferedWriter(dir.resolve("daily.csv"), StandardCharsets.UTF_8)) {
      writeDaily(result, w);
    }
    try (Writer w = Files.newBufferedWriter(dir.resolve("daily-products.csv"), StandardCharsets.UTF_8)) {
      w.write("variant,replicate,day,seller,product,price,ad_impressions,ad_clicks,ad_spend,organic_impressions,"
          + "organic_clicks,organic_avg_position,activity_impressions,activity_clicks,orders,ad_orders,activity_orders,"
          + "gmv,cogs,profit,stock,activities\n");
      for (ReplicateResult r : result.replicates()) {
        for (ReplicateResult.SellerSeries s : r.sellers()) {
          if (s.competitor()) continue;
          for (SellerDay d : s.days()) {
            for (ProductDay p : d.products()) {
              w.write(String.join(",", csv(r.variant()), Integer.toString(r.replicate()), Integer.toString(d.day()),
                  csv(s.sellerId()), csv(p.productId()), money(p.priceMicros()), Long.toString(p.adImpressions()),
                  Long.toString(p.adClicks()), money(p.spendMicros()), Long.toString(p.organicImpressions()),
                  Long.toString(p.organicClicks()), num(p.organicAvgPosition()), Long.toString(p.activityImpressions()),
                  Long.toString(p.activityClicks()), Long.toString(p.orders()), Long.toString(p.adOrders()),
                  Long.toString(p.activityOrders()), money(p.gmvMicros()), money(p.cogsMicros()),
                  money(p.profitMicros()), Long.toString(p.stockEnd()), Integer.toString(p.activitiesAdmitted())));
              w.write('\n');
            }
          }
        }
      }
    }
    try (Writer w = Files.newBufferedWriter(dir.resolve("daily-keywords.csv"), StandardCharsets.UTF_8)) {
      w.write("variant,replicate,day,seller,keyword,ad_impressions,ad_clicks,ad_spend,orders,gmv\n");
      for (ReplicateResult r : result.replicates()) {
        for (ReplicateResult.SellerSeries s : r.sellers()) {
          if (s.competitor()) continue;
          for (SellerDay d : s.days()) {
            for (KeywordDay k : d.keywords()) {
              w.write(String.join(",", csv(r.variant()), Integer.toString(r.replicate()), Integer.toString(d.day()),
                  csv(s.sellerId()), csv(k.keyword()), Long.toString(k.impressions()), Long.toString(k.clicks()),
                  money(k.spendMicros()), Long.toString(k.orders()), money(k.gmvMicros())));
              w.write('\n');
            }
          }
        }
      }
    }
  }

  public static void writeDaily(SimulationResult result, Writer w) throws IOException {
    w.write(DAILY_HEADER);
    w.write('\n');
    for (ReplicateResult r : result.replicates()) {
      for (ReplicateResult.SellerSeries s : r.sellers()) {
        for (SellerDay d : s.days()) {
          w.write(String.join(",",
              csv(r.variant()), Integer.toString(r.replicate()), Integer.toString(d.day()), csv(s.sellerId()),
              Boolean.toString(s.competitor()), money(d.priceMicros()), money(d.budgetMicros()),
              Long.toString(d.impressions()), Long.toString(d.adImpressions()), Long.toString(d.organicImpressions()),
              Long.toString(d.activityImpressions()), Long.toString(d.clicks()), Long.toString(d.adClicks()),
              Long.toString(d.chargedClicks()), Long.toString(d.organicClicks()), Long.toString(d.activityClicks()),
              num(d.adCtr()), money(Math.round(d.avgCpcMicros())), Long.toString(d.orders()), num(d.cvr()),
              money(d.gmvMicros()), money(d.spendMicros()), num(d.roas()), num(d.roi()), money(d.cogsMicros()),
              money(d.profitMicros()), num(d.organicAvgPosition()), Integer.toString(d.activitiesAdmitted()),
              Long.toString(d.stockEnd())));
          w.write('\n');
        }
      }
    }
  }

  static String money(long micros) {
    return Money.format(micros);
  }

  static String num(double x) {
    if (!Double.isFinite(x)) return "";
    return String.format(Locale.ROOT, "%.6f", x);
  }

  static String csv(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) return s;
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
