package io.searchbid.simulator.scenario;

import java.util.List;

/**
 * One fully resolved simulation setup (the base of a scenario file, or one of its variants with the
 * overrides applied). Immutable. Money fields are micros; see {@code docs/SCENARIOS.md} for every
 * field as written in YAML.
 *
 * @param name         shown in reports
 * @param days         horizon in simulated days, ≥ 1
 * @param seed         root seed; replicate r of every variant uses the same derived seeds
 *                     (common random numbers), so variant differences are paired
 * @param replicates   independent repetitions, ≥ 1
 * @param currency     symbol for display only (e.g. ¥)
 */
public record Scenario(
    String name,
    int days,
    long seed,
    int replicates,
    String currency,
    CatalogSpec catalog,
    TrafficSpec traffic,
    UserModelSpec users,
    AuctionSpec auction,
    OrganicSpec organic,
    List<ActivitySpec> activities,
    List<SellerSpec> sellers,
    CompetitorSpec competitors) {

  public Scenario {
    activities = List.copyOf(activities);
    sellers = List.copyOf(sellers);
  }

  public Scenario withDays(int d) {
    return new Scenario(name, d, seed, replicates, currency, catalog, traffic, users, auction, organic, activities, sellers, competitors);
  }

  public Scenario withSeed(long s) {
    return new Scenario(name, days, s, replicates, currency, catalog, traffic, users, auction, organic, activities, sellers, competitors);
  }

  public Scenario withReplicates(int r) {
    return new Scenario(name, days, seed, r, currency, catalog, traffic, users, auction, organic, activities, sellers, competitors);
  }

  public Scenario withOrganic(OrganicSpec o) {
    return new Scenario(name, days, seed, replicates, currency, catalog, traffic, users, auction, o, activities, sellers, competitors);
  }

  public Scenario withSellers(List<SellerSpec> s) {
    return new Scenario(name, days, seed, replicates, currency, catalog, traffic, users, auction, organic, activities, s, competitors);
  }

  public Scenario withActivities(List<ActivitySpec> a) {
    return new Scenario(name, days, seed, replicates, currency, catalog, traffic, users, auction, organic, a, sellers, competitors);
  }

  public Scenario withTraffic(TrafficSpec t) {
    return new Scenario(name, days, seed, replicates, currency, catalog, t, users, auction, organic, activities, sellers, competitors);
  }

  public Scenario withAuction(AuctionSpec a) {
    return new Scenario(name, days, seed, replicates, currency, catalog, traffic, users, a, organic, activities, sellers, competitors);
  }

  public Scenario withCompetitors(CompetitorSpec c) {
    return new Scenario(name, days, seed, replicates, currency, catalog, traffic, users, auction, organic, activities, sellers, c);
  }

  public Scenario withUsers(UserModelSpec u) {
    return new Scenario(name, days, seed, replicates, currency, catalog, traffic, u, auction, organic, activities, sellers, competitors);
  }
}
