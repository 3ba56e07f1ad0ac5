package io.searchbid.simulator;

import io.searchbid.simulator.scenario.ScenarioFile;
import io.searchbid.simulator.scenario.ScenarioLoader;
import java.nio.file.Path;

/** Small, fast scenarios for tests (a 300-product catalog, a few hundred searches a day). */
public final class TestScenarios {
  private TestScenarios() {}

  /** A seller "me" (steady) against generated competitors, with variants for a loss-leader launch. */
  public static String lossLeader(int days, int replicates, double feedback, boolean activities, String usersExtra) {
    return """
        name: test
        days: %d
        seed: 11
        replicates: %d
        catalog: {products: 300, seed: 3}
        traffic:
          synthetic:
            searchesPerDay: 300
            vocabulary: wands
            queryClasses: [Coffee & Cocktail Tables, End Tables, Sofa & Console Tables]
            noiseSigma: 0.05
        users: {%s}
        auction: {mechanism: GSP, slots: 3, reserve: 0.05, overspendAllowance: 1.2}
        organic: {feedback: %s}
        competitors: {count: 6}
        %s
        sellers:
          - id: me
            products:
              - {id: me-1, title: Smart Coffee Table with Lift Top Walnut, category: Coffee & Cocktail Tables,
                 price: 15.90, unitCost: 9.50, stock: 100000, rating: 4.6}
            keywords: [smart coffee table, coffee table]
            dailyBudget: 8
            strategy: {type: steady, maxCpc: 0.30}
        variants:
          - name: steady
          - name: loss-leader
            sellers:
              - id: me
                strategy: {type: lossLeader, launchDays: 8, launchMaxCpc: 0.80, launchDailyBudget: 16,
                           priceSteps: 2, stepDays: 2, afterBidding: manual, afterMaxCpc: 0.30, afterDailyBudget: 8
                           %s}
        """.formatted(days, replicates, usersExtra, feedback,
            activities ? "activities: [{name: deals, trafficShare: 0.2, discountPercent: 10, minSales: 0}]" : "",
            activities ? ", activities: [deals]" : "");
  }

  public static ScenarioFile parse(String yaml) {
    return ScenarioLoader.parse(yaml, Path.of("."), Path.of("test.yaml"));
  }
}
