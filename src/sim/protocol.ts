import type { Kernel } from './kernel.js';
import type { NodeFactory } from './node.js';

/**
 * An operation a client asks a node to perform. `cas` carries `[expected, new]`.
 *
 * @example
 * ```ts
 * const request: ClientRequest = { type: 'request', opId: 7, f: 'cas', key: 'k0', value: [3, 4] };
 * ```
 */
export interface ClientRequest {
  readonly type: 'request';
  readonly opId: number;
  readonly f: OperationName;
  readonly key: string;
  readonly value: unknown;
}

/**
 * The operations of the workloads: `read`, `write` and `cas` on registers, `increment` on
 * counters, `add` and `remove` on sets (an append-only log only adds).
 *
 * @example
 * ```ts
 * const f: OperationName = 'read';
 * ```
 */
export type OperationName = 'read' | 'write' | 'cas' | 'increment' | 'add' | 'remove';

/**
 * The data type a workload exercises, as the design chose it: a register (unique values), a
 * counter (increments), a set (adds and removes of unique elements) or an append-only log.
 *
 * @example
 * ```ts
 * const cart: DataType = 'set';
 * ```
 */
export type DataType = 'register' | 'counter' | 'set' | 'log';

/**
 * A node's answer to a client. `fail` means the operation certainly did not take effect; `info`
 * that it may have. `version` is the protocol's order for the value written or read (it feeds the
 * lost-write check); `leaderHint` tells the client where to go instead.
 *
 * @example
 * ```ts
 * const refused: ClientReply = { type: 'reply', opId: 7, outcome: 'fail', error: 'not-leader', leaderHint: 2 };
 * ```
 */
export interface ClientReply {
  readonly type: 'reply';
  readonly opId: number;
  readonly outcome: 'ok' | 'fail' | 'info';
  readonly value?: unknown;
  readonly version?: number;
  readonly error?: string;
  readonly leaderHint?: number;
}

/**
 * What the simulator needs from a replication protocol model: one handler per node, how clients
 * pick a node, and what the cluster converged to. See `LeaderlessProtocol` for a full one.
 *
 * @example
 * ```ts
 * // A single-node register: the smallest protocol that works.
 * const single: ProtocolModel = {
 *   name: 'single',
 *   nodeCount: 1,
 *   parameters: { protocol: 'single' },
 *   nodeFactory: () => (context) => ({
 *     onMessage(from, message) {
 *       const request = message as ClientRequest;
 *       if (request.f === 'write') context.storage.set(request.key, request.value);
 *       context.send(from, reply(request.opId, 'ok', { value: context.storage.get(request.key) ?? null }));
 *     },
 *   }),
 *   route: () => 0,
 *   nextAfterTimeout: () => 0,
 *   finalValue: (kernel, key) => ({ value: kernel.storageOf(0).get(key) ?? null }),
 *   stats: () => ({}),
 * };
 * ```
 */
export interface ProtocolModel {
  /** E.g. `leaderless`, `leader-follower`. */
  readonly name: string;
  /** How many nodes the cluster has. */
  readonly nodeCount: number;
  /** The resolved parameters, for the report (every default made explicit). */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** The behaviour of node `node` (called at start and after each recovery). */
  nodeFactory(node: number): NodeFactory<unknown>;
  /** The node a client sends its next operation to, given its current guess (`undefined` at first). */
  route(client: number, f: OperationName, current: number | undefined): number;
  /** The node to try after a timeout at `current`. */
  nextAfterTimeout(client: number, current: number): number;
  /** After the run has settled: the value of `key` the cluster converged to (undefined: no value), and its version. */
  finalValue(kernel: Kernel, key: string): { readonly value: unknown; readonly version?: number } | undefined;
  /**
   * After the run has settled: the writes some replica applied (or discarded) that the converged
   * state does not hold, e.g. a log suffix truncated after a failover. Acknowledged ones are lost.
   */
  missingWrites?(kernel: Kernel): Iterable<{ readonly key: string; readonly value: unknown }>;
  /** Parameters the nodes drew from the seed (e.g. election timeouts), for the report. */
  drawnParameters?(): Readonly<Record<string, string>>;
  /**
   * After the run has settled: what each replica holds for `key`, as a client would read it (for
   * the convergence check). Models that do not give it are not checked for convergence.
   */
  replicaValues?(kernel: Kernel, key: string): readonly unknown[];
  /**
   * After the run has settled: why acknowledged writes of `key` are absent from the converged
   * state, by written value (models that know each write's causal past tell a legitimate
   * overwrite from a discarded concurrent write). See `AbsentWrite`.
   */
  explainAbsent?(kernel: Kernel, key: string, values: readonly unknown[]): ReadonlyMap<unknown, AbsentWrite>;
  /** Protocol-specific counters for the report (failovers, split-brain writes, hints...). */
  stats(): Readonly<Record<string, number>>;
  /**
   * After the run: the protocol's own safety invariants that broke, one sentence each (e.g. Raft's
   * election safety or state machine safety, seen from outside the nodes). Each is a violation.
   */
  safetyViolations?(): readonly string[];
  /** Protocol-specific samples for the report, by name (e.g. `electionMs`: how long each election took). */
  distributions?(): Readonly<Record<string, readonly number[]>>;
  /** A line per counter explaining it, for the text report. */
  readonly statDescriptions?: Readonly<Record<string, string>>;
}

/**
 * Why a written value is not in the converged state: `overwritten` (a write that had seen it
 * replaced it, as it should), `discarded-concurrent` (a concurrent write won, e.g. last-writer-wins),
 * `older-write-won` (a write it had seen won: e.g. a skewed clock), or `absent` (no replica holds it:
 * lost by a crash before it was replicated or made durable).
 *
 * @example
 * ```ts
 * const why: AbsentWrite = 'discarded-concurrent';
 * ```
 */
export type AbsentWrite = 'overwritten' | 'discarded-concurrent' | 'older-write-won' | 'absent';

/**
 * A reply to a client, without the `type` tag repetition at call sites.
 *
 * @example
 * ```ts
 * context.send(client, reply(request.opId, 'ok', { value: 3, version: 17 }));
 * ```
 */
export function reply(opId: number, outcome: ClientReply['outcome'], extra: Omit<ClientReply, 'type' | 'opId' | 'outcome'> = {}): ClientReply {
  return { type: 'reply', opId, outcome, ...extra };
}
