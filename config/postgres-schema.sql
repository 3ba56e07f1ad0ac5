-- searchbid journal schema for PostgreSQL (13+; tested on 15).
--
-- The tables and columns are the ones pekko-persistence-jdbc 1.1.x reads and writes with its default
-- table names (jdbc-journal.tables.event_journal / event_tag, jdbc-snapshot-store.tables.snapshot,
-- jdbc-durable-state-store.tables.durable_state; schemaName = "" = the connection's search_path),
-- as in the plugin's schema/postgres/postgres-create-schema.sql. Differences, all deliberate:
--   * every statement is idempotent (IF NOT EXISTS), so `./searchbid db init` can run on every
--     deploy and on several nodes at once (it also holds an advisory lock while it runs);
--   * indexes are built without CONCURRENTLY: the whole file runs in one transaction (all or
--     nothing), which CONCURRENTLY forbids; on empty tables it makes no difference. To add an index
--     to a large live journal, build it by hand with CONCURRENTLY instead.
--   * names are not schema-qualified, so the tables land in the first schema of the role's
--     search_path (normally public), which is where the plugin looks for them.
--
-- Apply with:  ./searchbid db init --config config/postgres.conf
--        or:  psql "$DATABASE" --single-transaction -v ON_ERROR_STOP=1 -f config/postgres-schema.sql

-- Events of every event-sourced entity (campaigns, advertisers), one row per event.
-- `ordering` is the global offset the read journal (eventsByTag, currentPersistenceIds) pages by.
CREATE TABLE IF NOT EXISTS event_journal (
  ordering           BIGSERIAL,
  persistence_id     VARCHAR(255) NOT NULL,
  sequence_number    BIGINT       NOT NULL,
  deleted            BOOLEAN      NOT NULL DEFAULT FALSE,
  writer             VARCHAR(255) NOT NULL,
  write_timestamp    BIGINT,
  adapter_manifest   VARCHAR(255),
  event_ser_id       INTEGER      NOT NULL,
  event_ser_manifest VARCHAR(255) NOT NULL,
  event_payload      BYTEA        NOT NULL,
  meta_ser_id        INTEGER,
  meta_ser_manifest  VARCHAR(255),
  meta_payload       BYTEA,
  PRIMARY KEY (persistence_id, sequence_number)
);

CREATE UNIQUE INDEX IF NOT EXISTS event_journal_ordering_idx ON event_journal (ordering);

-- Tags of events (for eventsByTag); removed with their event.
CREATE TABLE IF NOT EXISTS event_tag (
  event_id BIGINT,
  tag      VARCHAR(256),
  PRIMARY KEY (event_id, tag),
  CONSTRAINT fk_event_journal FOREIGN KEY (event_id) REFERENCES event_journal (ordering) ON DELETE CASCADE
);

-- Snapshots of entity state (optional for the entities; the plugin expects the table).
CREATE TABLE IF NOT EXISTS snapshot (
  persistence_id        VARCHAR(255) NOT NULL,
  sequence_number       BIGINT       NOT NULL,
  created               BIGINT       NOT NULL,
  snapshot_ser_id       INTEGER      NOT NULL,
  snapshot_ser_manifest VARCHAR(255) NOT NULL,
  snapshot_payload      BYTEA        NOT NULL,
  meta_ser_id           INTEGER,
  meta_ser_manifest     VARCHAR(255),
  meta_payload          BYTEA,
  PRIMARY KEY (persistence_id, sequence_number)
);

-- Durable state store (not used by searchbid today; created so the plugin's store works if enabled).
CREATE TABLE IF NOT EXISTS durable_state (
  global_offset         BIGSERIAL,
  persistence_id        VARCHAR(255) NOT NULL,
  revision              BIGINT       NOT NULL,
  state_payload         BYTEA        NOT NULL,
  state_serial_id       INTEGER      NOT NULL,
  state_serial_manifest VARCHAR(255),
  tag                   VARCHAR,
  state_timestamp       BIGINT       NOT NULL,
  PRIMARY KEY (persistence_id)
);

CREATE INDEX IF NOT EXISTS state_tag_idx ON durable_state (tag);
CREATE INDEX IF NOT EXISTS state_global_offset_idx ON durable_state (global_offset);
