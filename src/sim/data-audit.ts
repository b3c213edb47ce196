import type { HistoryEvent } from '../check/history.js';
import type { AbsentWrite, DataType } from './protocol.js';

/** Session guarantees the audit checks on set and log histories. */
export type CollectionGuarantee = 'read-your-writes' | 'monotonic-reads' | 'monotonic-writes' | 'writes-follow-reads';

/**
 * One acknowledged write the converged state does not hold.
 *
 * @example
 * ```ts
 * const lost: LostWrite = { key: 'k0', f: 'write', value: 17, why: 'discarded-concurrent', reason: 'a concurrent write won (last writer wins)' };
 * ```
 */
export interface LostWrite {
  readonly key: string;
  readonly f: string;
  readonly value: unknown;
  readonly why: AbsentWrite | 'count-short' | 'remove-undone';
  readonly reason: string;
}

/**
 * What {@link auditData} found after the run settled.
 *
 * @example
 * ```ts
 * if (audit.converged === false) console.log(audit.divergent[0]);
 * ```
 */
export interface DataAudit {
  readonly dataType: DataType;
  /** Whether every replica holds the same value of every key (undefined: the model does not say). */
  readonly converged: boolean | undefined;
  /** Keys whose replicas differ, with what each replica holds (at most 5). */
  readonly divergent: ReadonlyArray<{ readonly key: string; readonly values: readonly unknown[] }>;
  readonly acknowledgedWrites: number;
  /** Acknowledged writes lost (never an accepted cost): crashes, skewed clocks, counters short, adds missing, removes undone. */
  readonly lost: number;
  /** Acknowledged register writes discarded by the conflict resolution because a concurrent write won. */
  readonly discardedConcurrent: number;
  /** The first lost or discarded writes (at most 5 each kind). */
  readonly examples: readonly LostWrite[];
  /** Per guarantee checked: reads checked and violations, with the first explained. */
  readonly sessions: Readonly<Partial<Record<CollectionGuarantee, { readonly reads: number; readonly violations: number; readonly first?: string }>>>;
}

/** Options of {@link auditData}. */
export interface AuditOptions {
  readonly dataType: DataType;
  readonly history: readonly HistoryEvent[];
  /** Clients in the run: a session is a client (process mod clients), whatever process ids it went through. */
  readonly clients: number;
  readonly replicaValues?: (key: string) => readonly unknown[];
  readonly explainAbsent?: (key: string, values: readonly unknown[]) => ReadonlyMap<unknown, AbsentWrite>;
  /** Session guarantees to check (sets and logs only; registers go through the history checkers). */
  readonly guarantees?: readonly CollectionGuarantee[];
}

const reasons: Record<AbsentWrite, string> = {
  overwritten: 'overwritten by a write that had seen it',
  'discarded-concurrent': 'a concurrent write won the conflict and this acknowledged write was dropped',
  'older-write-won': 'a write it had already seen won over it (its clock stamp was lower: clock skew)',
  absent: 'no replica holds it (lost in a crash before it was made durable or replicated)',
};

/**
 * Audits a settled run by data type: convergence of the replicas, acknowledged writes lost
 * (registers: dropped by a write that had not seen them, or by a crash; counters: increments
 * missing from the converged count; sets and logs: acknowledged adds nobody removed that are
 * missing, and acknowledged removes undone), and, for sets and logs, session guarantees
 * (read-your-writes, monotonic reads, and causal closure: an element is never read without the
 * elements its writer had seen).
 *
 * @example
 * ```ts
 * const audit = auditData({ dataType: 'counter', history, clients: 5, replicaValues: (key) => protocol.replicaValues(kernel, key) });
 * audit.lost; // increments the converged count is missing
 * ```
 */
export function auditData(options: AuditOptions): DataAudit {
  const { dataType, history } = options;
  const keys = [...new Set(history.map((event) => event.key))].filter((key): key is string => typeof key === 'string').sort();
  const examples: LostWrite[] = [];
  const divergent: Array<{ key: string; values: readonly unknown[] }> = [];
  let converged: boolean | undefined = options.replicaValues === undefined ? undefined : true;
  let lost = 0;
  let discardedConcurrent = 0;
  let acknowledgedWrites = 0;
  const note = (write: LostWrite): void => {
    if (examples.filter((example) => (example.why === 'discarded-concurrent') === (write.why === 'discarded-concurrent')).length < 5) examples.push(write);
  };
  const invocations = pairOperations(history);
  for (const key of keys) {
    const values = options.replicaValues?.(key);
    const final = values?.[0];
    if (values !== undefined && values.some((value) => JSON.stringify(value) !== JSON.stringify(final))) {
      converged = false;
      if (divergent.length < 5) divergent.push({ key, values });
    }
    const operations = invocations.filter((operation) => operation.key === key);
    const acked = operations.filter((operation) => operation.type === 'ok' && operation.f !== 'read');
    acknowledgedWrites += acked.length;
    if (values === undefined) continue;
    switch (dataType) {
      case 'register': {
        const held = new Set(Array.isArray(final) ? final : [final]);
        const absent = acked.map((operation) => (operation.f === 'cas' ? (operation.value as [unknown, unknown])[1] : operation.value)).filter((value) => !held.has(value));
        const why = options.explainAbsent?.(key, absent);
        if (why === undefined) break;
        for (const value of absent) {
          const cause = why.get(value) ?? 'absent';
          if (cause === 'overwritten') continue;
          if (cause === 'discarded-concurrent') discardedConcurrent++;
          else lost++;
          note({ key, f: 'write', value, why: cause, reason: reasons[cause] });
        }
        break;
      }
      case 'counter': {
        const count = acked.length;
        const converged = typeof final === 'number' ? final : 0;
        if (converged < count) {
          lost += count - converged;
          note({ key, f: 'increment', value: count - converged, why: 'count-short', reason: `the converged count ${converged} is ${count - converged} short of the ${count} acknowledged increments` });
        }
        break;
      }
      case 'set':
      case 'log': {
        const held = new Set(Array.isArray(final) ? (final as unknown[]) : []);
        const removed = new Set(operations.filter((operation) => operation.f === 'remove').map((operation) => operation.value));
        const ackedAdds = new Set(acked.filter((operation) => operation.f === 'add').map((operation) => operation.value));
        for (const operation of acked) {
          if (operation.f === 'add' && !removed.has(operation.value) && !held.has(operation.value)) {
            lost++;
            note({ key, f: 'add', value: operation.value, why: 'absent', reason: 'an acknowledged add that nobody removed is missing from the converged set' });
          } else if (operation.f === 'remove' && ackedAdds.has(operation.value) && held.has(operation.value)) {
            lost++;
            note({ key, f: 'remove', value: operation.value, why: 'remove-undone', reason: 'an acknowledged remove was undone: the element is back in the converged set' });
          }
        }
        break;
      }
    }
  }
  const sessions = dataType === 'set' || dataType === 'log' ? checkSessions(history, options.clients, options.guarantees ?? []) : {};
  return { dataType, converged, divergent, acknowledgedWrites, lost, discardedConcurrent, examples, sessions };
}

interface Operation {
  readonly process: number;
  readonly f: string;
  readonly key: string | undefined;
  readonly value: unknown;
  type: 'ok' | 'fail' | 'info' | 'pending';
}

/** Each invocation with its outcome (values of writes are the invoked ones). */
function pairOperations(history: readonly HistoryEvent[]): Operation[] {
  const open = new Map<unknown, Operation>();
  const operations: Operation[] = [];
  for (const event of history) {
    if (event.type === 'invoke') {
      const operation: Operation = { process: event.process as number, f: event.f, key: event.key, value: event.value, type: 'pending' };
      open.set(event.process, operation);
      operations.push(operation);
    } else {
      const operation = open.get(event.process);
      if (operation === undefined) continue;
      open.delete(event.process);
      operation.type = event.type;
    }
  }
  return operations;
}

interface SessionState {
  readonly ownAdds: Map<string, unknown[]>;
  readonly lastRead: Map<string, ReadonlySet<unknown>>;
}

function checkSessions(history: readonly HistoryEvent[], clients: number, guarantees: readonly CollectionGuarantee[]): DataAudit['sessions'] {
  const result: Partial<Record<CollectionGuarantee, { reads: number; violations: number; first?: string }>> = {};
  if (guarantees.length === 0) return result;
  for (const guarantee of guarantees) result[guarantee] = { reads: 0, violations: 0 };
  const sessions = new Map<number, SessionState>();
  const removedSoFar = new Map<string, Set<unknown>>();
  /** Per element, what its writer had seen: its last read of the key and its own acknowledged adds. */
  const dependencies = new Map<unknown, { readonly read: ReadonlySet<unknown> | undefined; readonly own: readonly unknown[]; readonly session: number }>();
  const pendingAdds = new Map<unknown, unknown>();
  const causal = guarantees.includes('writes-follow-reads') || guarantees.includes('monotonic-writes');
  const fail = (guarantee: CollectionGuarantee, explanation: string): void => {
    const entry = result[guarantee];
    if (entry === undefined) return;
    entry.violations++;
    entry.first ??= explanation;
  };
  for (const event of history) {
    const key = event.key as string;
    const session = (event.process as number) % clients;
    let state = sessions.get(session);
    if (state === undefined) {
      state = { ownAdds: new Map(), lastRead: new Map() };
      sessions.set(session, state);
    }
    if (event.type === 'invoke') {
      if (event.f === 'remove') {
        let removed = removedSoFar.get(key);
        if (removed === undefined) removedSoFar.set(key, (removed = new Set()));
        removed.add(event.value);
      } else if (event.f === 'add' && causal) {
        dependencies.set(event.value, { read: state.lastRead.get(key), own: [...(state.ownAdds.get(key) ?? [])], session });
      }
      if (event.f === 'add') pendingAdds.set(event.process, event.value);
      continue;
    }
    if (event.f === 'add' && event.type === 'ok') {
      const value = pendingAdds.get(event.process);
      let own = state.ownAdds.get(key);
      if (own === undefined) state.ownAdds.set(key, (own = []));
      own.push(value);
    }
    if (event.f !== 'read' || event.type !== 'ok') continue;
    const read = new Set(Array.isArray(event.value) ? (event.value as unknown[]) : []);
    const removed = removedSoFar.get(key) ?? new Set<unknown>();
    const at = `client ${session} read ${key} at ${event.time} ms`;
    if (result['read-your-writes'] !== undefined) {
      result['read-your-writes'].reads++;
      const missing = (state.ownAdds.get(key) ?? []).find((element) => !read.has(element) && !removed.has(element));
      if (missing !== undefined) fail('read-your-writes', `${at} without ${JSON.stringify(missing)}, which it had added (acknowledged)`);
    }
    const previous = state.lastRead.get(key);
    if (result['monotonic-reads'] !== undefined) {
      result['monotonic-reads'].reads++;
      const missing = previous === undefined ? undefined : [...previous].find((element) => !read.has(element) && !removed.has(element));
      if (missing !== undefined) fail('monotonic-reads', `${at} without ${JSON.stringify(missing)}, which its previous read had returned`);
    }
    if (causal) {
      for (const guarantee of ['monotonic-writes', 'writes-follow-reads'] as const) if (result[guarantee] !== undefined) result[guarantee].reads++;
      const readsChecked = new Set<ReadonlySet<unknown>>();
      for (const element of read) {
        const deps = dependencies.get(element);
        if (deps === undefined) continue;
        if (deps.read !== undefined && readsChecked.has(deps.read) && deps.own.length === 0) continue;
        if (deps.read !== undefined) readsChecked.add(deps.read);
        const ownMissing = deps.own.find((before) => !read.has(before) && !removed.has(before));
        if (ownMissing !== undefined) fail('monotonic-writes', `${at}: it holds ${JSON.stringify(element)} but not ${JSON.stringify(ownMissing)}, which the same client added before it`);
        const seenMissing = deps.read === undefined ? undefined : [...deps.read].find((before) => !read.has(before) && !removed.has(before));
        if (seenMissing !== undefined) fail('writes-follow-reads', `${at}: it holds ${JSON.stringify(element)} but not ${JSON.stringify(seenMissing)}, which client ${deps.session} had read before adding it`);
      }
    }
    state.lastRead.set(key, read);
  }
  return result;
}
