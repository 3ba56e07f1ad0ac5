package io.searchbid.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every click charge as PostgreSQL holds it: the {@code ClickChargedEvent} rows of
 * {@code event_journal}, decoded from their CBOR payload with a plain Jackson CBOR reader (not with
 * the service's own classes), plus each campaign's budget from its {@code CampaignCreated} event.
 * What the tests reconcile the clients' ledger against.
 */
final class JournalCharges {

  /** One persisted charge. */
  record Charge(String campaignId, long sequenceNr, String tokenId, long epochDay, long priceMicros, long chargedMicros) {}

  /** A campaign's budget settings as created. */
  record Budget(long dailyBudgetMicros, double overspendAllowance) {
    /** floor(budget × allowance): the daily cap the entity enforces. */
    long capMicros() {
      return overspendAllowance == 1.0 ? dailyBudgetMicros : (long) Math.floor(dailyBudgetMicros * overspendAllowance);
    }
  }

  final List<Charge> charges;
  final Map<String, Budget> budgets;

  private JournalCharges(List<Charge> charges, Map<String, Budget> budgets) {
    this.charges = charges;
    this.budgets = budgets;
  }

  static JournalCharges read(PostgresTestDatabase db) throws Exception {
    CBORMapper cbor = new CBORMapper();
    List<Charge> charges = new ArrayList<>();
    Map<String, Budget> budgets = new HashMap<>();
    try (Connection c = db.connect(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT persistence_id, sequence_number, event_ser_manifest, event_payload"
             + " FROM event_journal WHERE persistence_id LIKE 'Campaign|%' AND NOT deleted ORDER BY ordering")) {
      while (rs.next()) {
        String campaignId = rs.getString(1).substring("Campaign|".length());
        String manifest = rs.getString(3);
        if (manifest.endsWith("$ClickChargedEvent")) {
          JsonNode e = cbor.readTree(rs.getBytes(4));
          charges.add(new Charge(campaignId, rs.getLong(2), e.get("tokenId").asText(), e.get("epochDay").asLong(),
              e.get("priceMicros").asLong(), e.get("chargedMicros").asLong()));
        } else if (manifest.endsWith("$CampaignCreated")) {
          JsonNode settings = cbor.readTree(rs.getBytes(4)).get("settings");
          budgets.put(campaignId, new Budget(settings.get("dailyBudgetMicros").asLong(),
              settings.get("overspendAllowance").asDouble()));
        } else if (manifest.endsWith("$BudgetChanged")) {
          throw new AssertionError("these tests never change a budget; the cap check would need the history");
        }
      }
    }
    return new JournalCharges(charges, budgets);
  }

  /** Charges of the given campaigns only. */
  List<Charge> of(java.util.Set<String> campaignIds) {
    return charges.stream().filter(c -> campaignIds.contains(c.campaignId())).toList();
  }
}
