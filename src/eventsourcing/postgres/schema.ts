import { sqlIdentifier } from '../validation.js';

/**
 * The PostgreSQL schema as numbered migrations, every object inside schema `schema` (a validated
 * identifier). See docs/eventsourcing-postgres.md for why it never skips events:
 *
 * - each row stores the id of the transaction that wrote it (`xid8`, `pg_current_xact_id()`);
 * - readers only return rows whose transaction id is below the oldest transaction still running
 *   (`pg_snapshot_xmin(pg_current_snapshot())`) and order by (transaction id, position), so a
 *   slow transaction that commits late always sorts after everything a reader has already seen;
 * - `append_events` takes a per-stream advisory lock **before** the transaction gets an id, so
 *   transaction ids (and so the read order) follow stream versions within every stream.
 *
 * @example
 * ```ts
 * for (const migration of postgresMigrations('pacelc')) console.log(migration.sql);
 * ```
 */
export function postgresMigrations(schema = 'pacelc'): Array<{ version: number; sql: string }> {
  const s = sqlIdentifier('schema', schema);
  return [
    {
      version: 1,
      sql: `CREATE TABLE IF NOT EXISTS ${s}.events (
  position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream_id text NOT NULL,
  category text NOT NULL,
  stream_version bigint NOT NULL,
  id text NOT NULL UNIQUE,
  type text NOT NULL,
  schema_version integer NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  correlation_id text,
  causation_id text,
  recorded_at_ms bigint NOT NULL,
  UNIQUE (stream_id, stream_version)
);
CREATE INDEX IF NOT EXISTS events_in_order ON ${s}.events (transaction_id, position);
CREATE INDEX IF NOT EXISTS events_by_category ON ${s}.events (category, transaction_id, position);
CREATE INDEX IF NOT EXISTS events_by_type ON ${s}.events (type, transaction_id, position);
CREATE TABLE IF NOT EXISTS ${s}.snapshots (
  stream_id text NOT NULL,
  name text NOT NULL,
  version bigint NOT NULL,
  state jsonb NOT NULL,
  PRIMARY KEY (stream_id, name)
);
CREATE TABLE IF NOT EXISTS ${s}.checkpoints (
  subscription_id text PRIMARY KEY,
  transaction_id bigint NOT NULL,
  position bigint NOT NULL,
  updated_at_ms bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS ${s}.dead_letters (
  subscription_id text NOT NULL,
  event_id text NOT NULL,
  position bigint NOT NULL,
  error text NOT NULL,
  attempts integer NOT NULL,
  parked_at_ms bigint NOT NULL,
  PRIMARY KEY (subscription_id, event_id)
);
-- Appends a batch to one stream, atomically; raises PC001 (version conflict, message = actual
-- version) or PC002 (duplicate event id). The advisory lock comes first, before anything that
-- would give the transaction an id. p_notify sends NOTIFY inside the transaction, for appends made
-- from SQL; the TypeScript store passes false and notifies after the commit, coalesced, because a
-- NOTIFY in the transaction holds the global notification lock through the commit.
CREATE OR REPLACE FUNCTION ${s}.append_events(
  p_stream_id text, p_category text, p_expected bigint, p_events jsonb, p_check_ids boolean, p_recorded_at_ms bigint, p_notify boolean
) RETURNS TABLE (next_version bigint, last_position bigint, transaction_id bigint, appended integer)
LANGUAGE plpgsql
-- Plan each call for the table's current size: a plan cached while the table was empty would scan it.
SET plan_cache_mode = force_custom_plan
AS $fn$
DECLARE
  v_current bigint;
  v_count integer;
  v_found integer;
  v_consistent boolean;
  v_last bigint;
  v_ids text[];
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('${s}.' || p_stream_id, 0));
  v_count := jsonb_array_length(p_events);
  IF p_check_ids THEN
    -- = ANY(array) is always an index lookup per id (a join on the JSON can be planned as a scan).
    v_ids := ARRAY(SELECT x.value->>'id' FROM jsonb_array_elements(p_events) AS x(value));
    SELECT count(*)::integer, coalesce(bool_and(e.stream_id = p_stream_id), true) AND count(DISTINCT e.stream_version - array_position(v_ids, e.id)) <= 1, max(e.position)
      INTO v_found, v_consistent, v_last
      FROM ${s}.events e WHERE e.id = ANY(v_ids);
    IF v_found > 0 THEN
      IF v_found = v_count AND v_consistent THEN
        RETURN QUERY SELECT (SELECT max(e.stream_version) FROM ${s}.events e WHERE e.stream_id = p_stream_id), v_last,
          (SELECT e.transaction_id::text::bigint FROM ${s}.events e WHERE e.position = v_last), 0;
        RETURN;
      END IF;
      RAISE EXCEPTION USING ERRCODE = 'PC002', MESSAGE = 'duplicate event id';
    END IF;
  END IF;
  SELECT coalesce(max(e.stream_version), 0) INTO v_current FROM ${s}.events e WHERE e.stream_id = p_stream_id;
  IF (p_expected = -2 AND v_current <> 0) OR (p_expected = -3 AND v_current = 0) OR (p_expected >= 0 AND v_current <> p_expected) THEN
    RAISE EXCEPTION USING ERRCODE = 'PC001', MESSAGE = v_current::text;
  END IF;
  IF v_count = 0 THEN
    RETURN QUERY SELECT v_current, 0::bigint, 0::bigint, 0;
    RETURN;
  END IF;
  WITH inserted AS (
    INSERT INTO ${s}.events (stream_id, category, stream_version, id, type, schema_version, data, metadata, correlation_id, causation_id, recorded_at_ms)
    SELECT p_stream_id, p_category, v_current + x.ord, x.value->>'id', x.value->>'type', (x.value->>'schemaVersion')::integer,
      x.value->'data', x.value->'metadata', x.value->>'correlationId', x.value->>'causationId', p_recorded_at_ms
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS x(value, ord)
    ORDER BY x.ord
    RETURNING position
  )
  SELECT max(position) INTO v_last FROM inserted;
  IF p_notify THEN
    PERFORM pg_notify('${s}_events', '');
  END IF;
  RETURN QUERY SELECT v_current + v_count, v_last, pg_current_xact_id()::text::bigint, v_count;
END
$fn$;`,
    },
  ];
}

/**
 * The whole PostgreSQL schema as one SQL script, to read or to run with your own migration tool.
 *
 * @example
 * ```ts
 * console.log(postgresSchemaSql('pacelc'));
 * ```
 */
export function postgresSchemaSql(schema = 'pacelc'): string {
  const s = sqlIdentifier('schema', schema);
  const body = postgresMigrations(s)
    .map((migration) => `-- migration ${migration.version}\n${migration.sql}\nINSERT INTO ${s}.schema_migrations (version, applied_at_ms) VALUES (${migration.version}, 0) ON CONFLICT DO NOTHING;`)
    .join('\n\n');
  return `CREATE SCHEMA IF NOT EXISTS ${s};\nCREATE TABLE IF NOT EXISTS ${s}.schema_migrations (version integer PRIMARY KEY, applied_at_ms bigint NOT NULL);\n\n${body}\n`;
}
