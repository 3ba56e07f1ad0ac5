package io.searchbid.auction.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.Test;

/**
 * The journal DAO with a commit window, on the real H2 journal of a service node: a write is
 * answered only once its row is committed (another connection sees it when the answer arrives),
 * writes that arrive within a window share a transaction, and a window is kept between
 * transactions.
 */
class GroupCommitJournalDaoTest {

  static final Duration WINDOW = Duration.ofMillis(500);

  @Test
  void writesWithinAWindow_shareOneTransaction_andAreAnsweredOnlyAfterTheirCommit() throws Exception {
    Path dir = Files.createTempDirectory("group-commit-");
    Config config = ServiceConfig.load(dir, null, Map.of(
        GroupCommitJournalDao.WINDOW_KEY, WINDOW.toMillis() + "ms",
        "pekko.remote.artery.canonical.port", 0));
    ServiceNode node = ServiceNode.start(config);
    ActorTestKit kit = ActorTestKit.create(node.system());
    String url = config.getString("pekko-persistence-jdbc.shared-databases.slick.db.url");
    try (Connection other = DriverManager.getConnection(url, "sa", "")) {
      // warm-up (plugin start, JIT); every entity recovers (a Get) before the timed writes
      ActorRef<CampaignEntity.Command> warm = kit.spawn(CampaignEntity.create("gc-warm", s -> {}, Duration.ofHours(48)));
      create(node, warm).toCompletableFuture().get(30, TimeUnit.SECONDS);
      ActorRef<CampaignEntity.Command> quiet = kit.spawn(CampaignEntity.create("gc-0", s -> {}, Duration.ofHours(48)));
      get(node, quiet);
      int n = 20;
      List<ActorRef<CampaignEntity.Command>> entities = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        entities.add(kit.spawn(CampaignEntity.create("gc-" + i, s -> {}, Duration.ofHours(48))));
        get(node, entities.get(i - 1));
      }
      Thread.sleep(2 * WINDOW.toMillis());

      // a quiet journal (last transaction more than a window ago): the write starts at once
      long t0 = System.nanoTime();
      create(node, quiet).toCompletableFuture().get(10, TimeUnit.SECONDS);
      long quietMillis = (System.nanoTime() - t0) / 1_000_000;

      // 20 writes right after it: they wait for the rest of the window, then go in one transaction
      long t1 = System.nanoTime();
      List<CompletableFuture<Boolean>> committedAtAnswer = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        String pid = "Campaign|gc-" + i;
        committedAtAnswer.add(create(node, entities.get(i - 1)).toCompletableFuture()
            .thenApply(reply -> rows(other, pid) == 1));
      }
      CompletableFuture.allOf(committedAtAnswer.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      long groupMillis = (System.nanoTime() - t1) / 1_000_000;

      for (CompletableFuture<Boolean> c : committedAtAnswer) {
        assertThat(c.get()).as("the row is committed when the write is answered").isTrue();
      }
      assertThat(quietMillis).as("a write on a quiet journal does not wait for a window").isLessThan(WINDOW.toMillis() * 4 / 5);
      // one transaction per write would take 20 windows (10 s); the window itself is kept
      assertThat(groupMillis).as("20 writes right after a transaction: the rest of its window, then one transaction")
          .isBetween(WINDOW.toMillis() / 2, WINDOW.toMillis() * 8);
    } finally {
      node.system().terminate();
      node.system().getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static CompletionStage<CampaignEntity.Reply> create(ServiceNode node, ActorRef<CampaignEntity.Command> entity) {
    return AskPattern.ask(entity, r -> new CampaignEntity.Create(CampaignEntityTest.settings(1_000_000), r),
        Duration.ofSeconds(10), node.system().scheduler());
  }

  private static void get(ServiceNode node, ActorRef<CampaignEntity.Command> entity) throws Exception {
    AskPattern.<CampaignEntity.Command, CampaignEntity.Reply>ask(entity, r -> new CampaignEntity.Get("adv_a", r),
        Duration.ofSeconds(10), node.system().scheduler()).toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static int rows(Connection c, String persistenceId) {
    try (PreparedStatement st = c.prepareStatement("SELECT COUNT(*) FROM \"event_journal\" WHERE \"persistence_id\" = ?")) {
      st.setString(1, persistenceId);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
