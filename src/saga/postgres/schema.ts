import { sqlIdentifier } from '../../eventsourcing/validation.js';

/**
 * The PostgreSQL schema of sagas, durable timers, dead letters, the outbox and the inbox, as
 * numbered migrations, every object inside schema `schema` (a validated identifier). A transition
 * is one call of `commit_saga_transition`: one round trip, one transaction, version-checked.
 *
 * @example
 * ```ts
 * for (const migration of postgresSagaMigrations('app')) console.log(migration.sql);
 * ```
 */
export function postgresSagaMigrations(schema = 'pacelc'): Array<{ version: number; sql: string }> {
  const s = sqlIdentifier('schema', schema);
  return [
    {
      version: 1,
      sql: `CREATE TABLE IF NOT EXISTS ${s}.sagas (
  id text PRIMARY KEY,
  name text NOT NULL,
  status text NOT NULL,
  version integer NOT NULL,
  record jsonb NOT NULL,
  updated_at_ms bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS sagas_by_status ON ${s}.sagas (status, updated_at_ms);
CREATE TABLE IF NOT EXISTS ${s}.saga_timers (
  saga_id text NOT NULL,
  name text NOT NULL,
  due_at_ms bigint NOT NULL,
  PRIMARY KEY (saga_id, name)
);
CREATE INDEX IF NOT EXISTS saga_timers_by_due ON ${s}.saga_timers (due_at_ms);
CREATE TABLE IF NOT EXISTS ${s}.saga_dead_letters (
  saga_id text PRIMARY KEY,
  step text NOT NULL,
  error text NOT NULL,
  attempts integer NOT NULL,
  parked_at_ms bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS ${s}.outbox (
  sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  id text NOT NULL UNIQUE,
  aggregate_id text NOT NULL,
  subject text NOT NULL,
  type text NOT NULL,
  payload jsonb NOT NULL,
  headers jsonb NOT NULL,
  created_at_ms bigint NOT NULL,
  sent_at_ms bigint
);
CREATE INDEX IF NOT EXISTS outbox_unsent ON ${s}.outbox (transaction_id, sequence) WHERE sent_at_ms IS NULL;
CREATE TABLE IF NOT EXISTS ${s}.inbox (
  consumer text NOT NULL,
  message_id text NOT NULL,
  processed_at_ms bigint NOT NULL,
  PRIMARY KEY (consumer, message_id)
);
-- One saga transition, atomically. Returns the stored version when the expected one does not
-- match (nothing written), or NULL on success. p_letter_op: 0 leave, 1 park p_letter, 2 release.
CREATE OR REPLACE FUNCTION ${s}.commit_saga_transition(
  p_id text, p_name text, p_status text, p_version integer, p_expected integer, p_record jsonb, p_updated_at_ms bigint,
  p_clear_all boolean, p_clear text[], p_set_names text[], p_set_due bigint[], p_letter_op integer, p_letter jsonb
) RETURNS integer
LANGUAGE plpgsql
AS $fn$
DECLARE
  v_actual integer;
BEGIN
  IF p_expected = 0 THEN
    INSERT INTO ${s}.sagas (id, name, status, version, record, updated_at_ms) VALUES (p_id, p_name, p_status, p_version, p_record, p_updated_at_ms)
      ON CONFLICT (id) DO NOTHING;
    IF NOT FOUND THEN
      SELECT version INTO v_actual FROM ${s}.sagas WHERE id = p_id;
      RETURN coalesce(v_actual, 0);
    END IF;
  ELSE
    UPDATE ${s}.sagas SET status = p_status, version = p_version, record = p_record, updated_at_ms = p_updated_at_ms WHERE id = p_id AND version = p_expected;
    IF NOT FOUND THEN
      SELECT version INTO v_actual FROM ${s}.sagas WHERE id = p_id;
      RETURN coalesce(v_actual, 0);
    END IF;
  END IF;
  IF p_clear_all THEN
    DELETE FROM ${s}.saga_timers WHERE saga_id = p_id;
  ELSIF cardinality(p_clear) > 0 THEN
    DELETE FROM ${s}.saga_timers WHERE saga_id = p_id AND name = ANY(p_clear);
  END IF;
  IF cardinality(p_set_names) > 0 THEN
    INSERT INTO ${s}.saga_timers (saga_id, name, due_at_ms) SELECT p_id, t.name, t.due FROM unnest(p_set_names, p_set_due) AS t(name, due)
      ON CONFLICT (saga_id, name) DO UPDATE SET due_at_ms = excluded.due_at_ms;
  END IF;
  IF p_letter_op = 1 THEN
    INSERT INTO ${s}.saga_dead_letters (saga_id, step, error, attempts, parked_at_ms)
      VALUES (p_id, p_letter->>'step', p_letter->>'error', (p_letter->>'attempts')::integer, (p_letter->>'parkedAtMs')::bigint)
      ON CONFLICT (saga_id) DO UPDATE SET step = excluded.step, error = excluded.error, attempts = excluded.attempts, parked_at_ms = excluded.parked_at_ms;
  ELSIF p_letter_op = 2 THEN
    DELETE FROM ${s}.saga_dead_letters WHERE saga_id = p_id;
  END IF;
  RETURN NULL;
END
$fn$;
-- Many transitions in one transaction (group commit): the result of each, in order.
CREATE OR REPLACE FUNCTION ${s}.commit_saga_transitions(p_items jsonb) RETURNS integer[]
LANGUAGE plpgsql
AS $fn$
DECLARE
  v_item jsonb;
  v_results integer[] := '{}';
BEGIN
  FOR v_item IN SELECT value FROM jsonb_array_elements(p_items) LOOP
    v_results := v_results || ${s}.commit_saga_transition(
      v_item->>'id', v_item->>'name', v_item->>'status', (v_item->>'version')::integer, (v_item->>'expected')::integer, v_item->'record',
      (v_item->>'updatedAtMs')::bigint, (v_item->>'clearAll')::boolean, ARRAY(SELECT jsonb_array_elements_text(v_item->'clear')),
      ARRAY(SELECT jsonb_array_elements_text(v_item->'setNames')), ARRAY(SELECT (jsonb_array_elements_text(v_item->'setDue'))::bigint),
      (v_item->>'letterOp')::integer, v_item->'letter');
  END LOOP;
  RETURN v_results;
END
$fn$;`,
    },
  ];
}
