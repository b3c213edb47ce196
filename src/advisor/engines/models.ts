/**
 * The consistency models of the engine catalog, how they relate, and the checks every engine's
 * advice shares: validating a request and deciding whether what an engine delivers meets it.
 */
import { invalidOption } from '../../errors.js';
import type { ConsistencyModel, EngineSettings, EngineSettingsRequest, ReplicationChoice } from './types.js';

/**
 * Every consistency model the advisor names, strongest first (a partial order: see {@link satisfies}).
 *
 * @example
 * ```ts
 * consistencyModels[0]; // 'linearizable'
 * ```
 */
export const consistencyModels: readonly ConsistencyModel[] = [
  'linearizable',
  'sequential',
  'causal',
  'read-your-writes',
  'bounded-staleness',
  'eventual',
];

/**
 * What each model implies (itself included). The models are partially ordered, not a ladder:
 * sequential and causal consistency allow arbitrarily stale reads, so they do not imply bounded
 * staleness, and bounded staleness does not imply reading your own writes. Linearizability
 * implies everything; causal consistency implies read-your-writes (a session's own writes are
 * in its causal past).
 */
const implied: Readonly<Record<ConsistencyModel, readonly ConsistencyModel[]>> = {
  linearizable: ['linearizable', 'sequential', 'causal', 'read-your-writes', 'bounded-staleness', 'eventual'],
  sequential: ['sequential', 'causal', 'read-your-writes', 'eventual'],
  causal: ['causal', 'read-your-writes', 'eventual'],
  'read-your-writes': ['read-your-writes', 'eventual'],
  'bounded-staleness': ['bounded-staleness', 'eventual'],
  eventual: ['eventual'],
};

/**
 * Whether settings that deliver `delivered` meet a requirement of `requested`.
 *
 * @example
 * ```ts
 * satisfies('linearizable', 'causal'); // true
 * satisfies('causal', 'bounded-staleness'); // false: causal reads may be arbitrarily stale
 * ```
 */
export function satisfies(delivered: ConsistencyModel, requested: ConsistencyModel): boolean {
  return implied[delivered].includes(requested);
}

/**
 * Whether the model orders every operation for every client (linearizable or sequential).
 *
 * @example
 * ```ts
 * isStrong('sequential'); // true
 * isStrong('causal'); // false
 * ```
 */
export function isStrong(model: ConsistencyModel): boolean {
  return model === 'linearizable' || model === 'sequential';
}

/**
 * Checks an engine-settings request, throwing a `RangeError` that names the bad field.
 *
 * @example
 * ```ts
 * validateRequest({ consistency: 'causal', replication, multiRegionWrites: false, regionCount: 0, durableAcknowledgedWrites: true });
 * // RangeError: Invalid option regionCount: expected a whole number ≥ 1, received 0
 * ```
 */
export function validateRequest(request: EngineSettingsRequest): EngineSettingsRequest {
  if (typeof request !== 'object' || request === null) throw invalidOption('request', request, 'an engine-settings request object');
  if (!consistencyModels.includes(request.consistency)) {
    throw invalidOption('consistency', request.consistency, `one of ${consistencyModels.join(', ')}`);
  }
  if (!Number.isInteger(request.regionCount) || request.regionCount < 1) throw invalidOption('regionCount', request.regionCount, 'a whole number ≥ 1');
  if (typeof request.multiRegionWrites !== 'boolean') throw invalidOption('multiRegionWrites', request.multiRegionWrites, 'a boolean');
  if (typeof request.durableAcknowledgedWrites !== 'boolean') {
    throw invalidOption('durableAcknowledgedWrites', request.durableAcknowledgedWrites, 'a boolean');
  }
  if (request.stalenessBoundMs !== undefined && !(request.stalenessBoundMs > 0 && Number.isFinite(request.stalenessBoundMs))) {
    throw invalidOption('stalenessBoundMs', request.stalenessBoundMs, 'a finite number of milliseconds > 0');
  }
  validateReplication(request.replication);
  return request;
}

function validateReplication(replication: ReplicationChoice): void {
  if (typeof replication !== 'object' || replication === null) throw invalidOption('replication', replication, 'a replication choice object');
  switch (replication.kind) {
    case 'leader-follower': {
      const { replicas, synchronousAcks, mode } = replication;
      if (!Number.isInteger(replicas) || replicas < 1) throw invalidOption('replication.replicas', replicas, 'a whole number ≥ 1');
      if (!['synchronous', 'semi-synchronous', 'asynchronous'].includes(mode)) {
        throw invalidOption('replication.mode', mode, 'synchronous, semi-synchronous or asynchronous');
      }
      if (!Number.isInteger(synchronousAcks) || synchronousAcks < 0 || synchronousAcks > replicas - 1) {
        throw invalidOption('replication.synchronousAcks', synchronousAcks, `a whole number from 0 to replicas − 1 (${replicas - 1})`);
      }
      return;
    }
    case 'multi-leader':
      return;
    case 'leaderless': {
      const { n, w, r } = replication;
      if (!Number.isInteger(n) || n < 1) throw invalidOption('replication.n', n, 'a whole number ≥ 1');
      if (!Number.isInteger(w) || w < 1 || w > n) throw invalidOption('replication.w', w, `a whole number from 1 to n (${n})`);
      if (!Number.isInteger(r) || r < 1 || r > n) throw invalidOption('replication.r', r, `a whole number from 1 to n (${n})`);
      return;
    }
    default:
      throw invalidOption('replication.kind', (replication as { kind: unknown }).kind, 'leader-follower, multi-leader or leaderless');
  }
}

/**
 * Copies of the data the request asks for, whatever the replication kind.
 *
 * @example
 * ```ts
 * requestedCopies({ kind: 'multi-leader', conflictResolution: 'crdt' }); // 3 (the fallback)
 * ```
 */
export function requestedCopies(replication: ReplicationChoice, fallback = 3): number {
  switch (replication.kind) {
    case 'leader-follower':
      return replication.replicas;
    case 'leaderless':
      return replication.n;
    case 'multi-leader':
      return fallback;
  }
}

/**
 * A duration in words for reports.
 *
 * @example
 * ```ts
 * formatDurationMs(90_000); // '1.5 min'
 * ```
 */
export function formatDurationMs(ms: number): string {
  if (ms < 1_000) return `${ms} ms`;
  if (ms < 60_000) return `${+(ms / 1_000).toFixed(3)} s`;
  if (ms < 3_600_000) return `${+(ms / 60_000).toFixed(2)} min`;
  return `${+(ms / 3_600_000).toFixed(2)} h`;
}

/**
 * Completes one engine's advice: `meetsRequest` follows from what the settings deliver and from
 * their gaps, so no engine file can claim a request is met when its own `delivers` or `gaps` say
 * otherwise.
 *
 * @example
 * ```ts
 * verdict(request, { engine: 'redis', delivers: 'eventual', ... }).meetsRequest; // false unless eventual was asked
 * ```
 */
export function verdict(request: EngineSettingsRequest, settings: Omit<EngineSettings, 'meetsRequest'>): EngineSettings {
  return { ...settings, meetsRequest: satisfies(settings.delivers, request.consistency) && (settings.gaps ?? []).length === 0 };
}
