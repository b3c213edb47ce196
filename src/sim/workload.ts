import type { HistoryEvent } from '../check/history.js';
import { invalidOption } from '../errors.js';
import type { Random } from '../runtime/random.js';
import type { FreshnessTracker } from './freshness.js';
import type { NodeContext, NodeFactory } from './node.js';
import type { ClientReply, ClientRequest, DataType, OperationName, ProtocolModel } from './protocol.js';
import type { RunMetrics } from './run-metrics.js';

/**
 * What the clients do.
 *
 * @example
 * ```ts
 * const workload: WorkloadOptions = { operations: 10_000, clients: 8, keys: 10, mix: { read: 0.6, write: 0.3, cas: 0.1 }, keyDistribution: { zipf: 1.1 }, timeoutMs: 500 };
 * ```
 */
export interface WorkloadOptions {
  /** Operations to run in all. Default 1000. */
  readonly operations?: number;
  /** Concurrent clients, each with one operation in flight at a time. Default 5. */
  readonly clients?: number;
  /** Keys (each an independent register `k0`, `k1`...). Default 3. */
  readonly keys?: number;
  /** Relative weights of reads, writes and compare-and-sets. Default read 1, write 1, cas 0. */
  readonly mix?: { readonly read?: number; readonly write?: number; readonly cas?: number };
  /** How keys are chosen. Default uniform. */
  readonly keyDistribution?: 'uniform' | { readonly zipf: number };
  /** A client gives up after this long: writes become `info` (unknown), reads `fail`. Default 1000. */
  readonly timeoutMs?: number;
  /** Pause between a client's operations (Jepsen's stagger). Default 10 ms. */
  readonly thinkMs?: number;
  /**
   * The data type each key holds. Default `register`. For a `counter` the write weight issues
   * increments; for a `set` it issues adds of unique elements, and one in four removes an element
   * the client added; for a `log` it issues appends (adds). The cas weight applies to registers only.
   */
  readonly dataType?: DataType;
}

/**
 * {@link WorkloadOptions} with every default filled in.
 *
 * @example
 * ```ts
 * const resolved: ResolvedWorkload = resolveWorkload({ operations: 100 });
 * resolved.mix; // { read: 1, write: 1, cas: 0 }
 * ```
 */
export interface ResolvedWorkload {
  readonly operations: number;
  readonly clients: number;
  readonly keys: number;
  readonly mix: { readonly read: number; readonly write: number; readonly cas: number };
  readonly keyDistribution: 'uniform' | { readonly zipf: number };
  readonly timeoutMs: number;
  readonly thinkMs: number;
  readonly dataType: DataType;
}

/**
 * Fills in the defaults and checks the options.
 *
 * @example
 * ```ts
 * resolveWorkload({ operations: 100 }).clients; // 5
 * ```
 */
export function resolveWorkload(options: WorkloadOptions = {}): ResolvedWorkload {
  const operations = options.operations ?? 1000;
  const clients = options.clients ?? 5;
  const keys = options.keys ?? 3;
  const timeoutMs = options.timeoutMs ?? 1000;
  const thinkMs = options.thinkMs ?? 10;
  if (!Number.isSafeInteger(operations) || operations < 0) throw invalidOption('workload.operations', operations, 'an integer >= 0');
  if (!Number.isInteger(clients) || clients < 1 || clients > 10_000) throw invalidOption('workload.clients', clients, 'an integer from 1 to 10000');
  if (!Number.isInteger(keys) || keys < 1) throw invalidOption('workload.keys', keys, 'an integer >= 1');
  if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) throw invalidOption('workload.timeoutMs', timeoutMs, 'a number > 0');
  if (!(thinkMs >= 0) || !Number.isFinite(thinkMs)) throw invalidOption('workload.thinkMs', thinkMs, 'a number >= 0');
  const mix = { read: options.mix?.read ?? 1, write: options.mix?.write ?? 1, cas: options.mix?.cas ?? 0 };
  for (const [name, weight] of Object.entries(mix)) if (!(weight >= 0) || !Number.isFinite(weight)) throw invalidOption(`workload.mix.${name}`, weight, 'a weight >= 0');
  if (mix.read + mix.write + mix.cas === 0) throw invalidOption('workload.mix', mix, 'at least one weight > 0');
  const keyDistribution = options.keyDistribution ?? 'uniform';
  if (keyDistribution !== 'uniform' && !(keyDistribution.zipf > 0)) throw invalidOption('workload.keyDistribution.zipf', keyDistribution.zipf, 'an exponent > 0');
  const dataType = options.dataType ?? 'register';
  if (!dataTypes.includes(dataType)) throw invalidOption('workload.dataType', dataType, dataTypes.join(', '));
  return { operations, clients, keys, mix, keyDistribution, timeoutMs, thinkMs, dataType };
}

const dataTypes: readonly DataType[] = ['register', 'counter', 'set', 'log'];

interface InFlight {
  readonly opId: number;
  readonly f: OperationName;
  readonly key: string;
  readonly value: unknown;
  readonly invokeMs: number;
  readonly windows: readonly number[] | undefined;
  readonly timer: number;
}

/**
 * The clients: each runs one operation at a time (read, write or cas on a key, with unique written
 * values), records `invoke` and then `ok` / `fail` / `info` with virtual times, and feeds the
 * metrics as it goes. A timeout makes a write `info` (it may still happen) and moves the client to
 * a new process id, as Jepsen does, since its old operation may still be in flight.
 *
 * @example
 * ```ts
 * const workload = new Workload({ options: resolveWorkload({ operations: 100 }), protocol, metrics, freshness, keepHistory: true, random, onDone: () => kernel.stop() });
 * for (let client = 0; client < workload.options.clients; client++) kernel.addNode(workload.clientFactory(client));
 * ```
 */
export class Workload {
  readonly options: ResolvedWorkload;
  /** The recorded history, when kept. */
  readonly history: HistoryEvent[] | undefined;
  private readonly protocol: ProtocolModel;
  private readonly metrics: RunMetrics;
  private readonly freshness: FreshnessTracker;
  private readonly onDone: () => void;
  private readonly keyNames: string[];
  private readonly nextKey: () => number;
  private readonly random: Random;
  private issued = 0;
  private completedCount = 0;
  private nextOpId = 1;
  private nextValue = 1;

  constructor(options: {
    readonly options: ResolvedWorkload;
    readonly protocol: ProtocolModel;
    readonly metrics: RunMetrics;
    readonly freshness: FreshnessTracker;
    readonly keepHistory: boolean;
    readonly random: Random;
    readonly onDone: () => void;
  }) {
    this.options = options.options;
    this.protocol = options.protocol;
    this.metrics = options.metrics;
    this.freshness = options.freshness;
    this.onDone = options.onDone;
    this.history = options.keepHistory ? [] : undefined;
    this.random = options.random;
    this.keyNames = Array.from({ length: this.options.keys }, (_, index) => `k${index}`);
    const distribution = this.options.keyDistribution;
    const keyRandom = this.random.fork();
    this.nextKey = distribution === 'uniform' ? () => keyRandom.int(this.options.keys) : keyRandom.zipfSampler(this.options.keys, distribution.zipf);
  }

  /** Operations completed so far. */
  get completed(): number {
    return this.completedCount;
  }

  /** Whether every operation has been issued and completed. */
  get done(): boolean {
    return this.completedCount >= this.options.operations;
  }

  /** The behaviour of client `client` (0-based; its address is nodeCount + client). */
  clientFactory(client: number): NodeFactory<ClientReply> {
    return (context) => new ClientActor(this, client, context as NodeContext<ClientRequest | ClientReply>);
  }

  /** @internal the next operation for a client, or undefined when the run has issued them all. */
  nextOperation(client: ClientActor): { f: OperationName; key: string; value: unknown } | undefined {
    if (this.issued >= this.options.operations) return undefined;
    this.issued++;
    const { read, write, cas } = this.options.mix;
    const roll = this.random.float() * (read + write + cas);
    const key = this.keyNames[this.nextKey()] as string;
    if (roll < read) return { f: 'read', key, value: null };
    switch (this.options.dataType) {
      case 'counter':
        return { f: 'increment', key, value: 1 };
      case 'log':
        return { f: 'add', key, value: this.nextValue++ };
      case 'set': {
        const own = client.ownElements(key);
        if (own.length > 0 && this.random.float() < 0.25) return { f: 'remove', key, value: own[this.random.int(own.length)] };
        return { f: 'add', key, value: this.nextValue++ };
      }
      case 'register':
        break;
    }
    if (roll < read + write) return { f: 'write', key, value: this.nextValue++ };
    const expected = client.known.get(key);
    if (expected === undefined) return { f: 'read', key, value: null };
    return { f: 'cas', key, value: [expected, this.nextValue++] };
  }

  /** @internal */
  newOpId(): number {
    return this.nextOpId++;
  }

  /** @internal */
  recordInvoke(process: number, f: OperationName, key: string, value: unknown, nowMs: number): readonly number[] | undefined {
    this.history?.push({ process, type: 'invoke', f, key, value, time: nowMs });
    if (this.options.dataType !== 'register') return this.metrics.invoked(f, nowMs);
    if (f === 'write') this.freshness.writeInvoked(key, value, nowMs);
    else if (f === 'cas') this.freshness.writeInvoked(key, (value as [unknown, unknown])[1], nowMs);
    return this.metrics.invoked(f, nowMs);
  }

  /** @internal */
  recordCompletion(process: number, operation: InFlight, type: 'ok' | 'fail' | 'info', value: unknown, nowMs: number, node: number | undefined, version: number | undefined, error: string | undefined, observed?: unknown): void {
    if (this.history !== undefined) {
      const meta: Record<string, unknown> = {};
      if (node !== undefined) meta.node = node;
      if (version !== undefined) meta.version = version;
      if (error !== undefined) meta.error = error;
      // What a refused compare-and-set saw instead of the expected value (it is a read of it).
      if (observed !== undefined) meta.observed = observed;
      this.history.push({ process, type, f: operation.f, key: operation.key, value, time: nowMs, meta });
    }
    this.metrics.completed(operation.f, type, operation.invokeMs, nowMs, operation.windows);
    if (type === 'ok' && this.options.dataType === 'register') {
      if (operation.f === 'read') this.freshness.readCompleted(operation.key, process, operation.invokeMs, nowMs, value);
      else if (operation.f === 'write') this.freshness.writeAcknowledged(operation.key, operation.value, nowMs, version);
      else this.freshness.writeAcknowledged(operation.key, (operation.value as [unknown, unknown])[1], nowMs, version);
    }
    this.completedCount++;
    if (this.completedCount === this.options.operations) this.onDone();
  }

  /** @internal */
  get protocolModel(): ProtocolModel {
    return this.protocol;
  }
}

class ClientActor {
  /** What this client last saw in each key (to build cas operations). */
  readonly known = new Map<string, unknown>();
  /** The elements this client added to each set and has not removed (to build removes). */
  private readonly added = new Map<string, unknown[]>();
  private process: number;
  private target: number | undefined;
  private current: InFlight | undefined;

  constructor(
    private readonly workload: Workload,
    private readonly client: number,
    private readonly context: NodeContext<ClientRequest | ClientReply>,
  ) {
    this.process = client;
  }

  onStart(): void {
    this.issue();
  }

  onMessage(_from: number, message: ClientRequest | ClientReply): void {
    if (message.type !== 'reply') return;
    const operation = this.current;
    if (operation === undefined || message.opId !== operation.opId) return; // late reply to an abandoned operation
    this.context.cancelTimer(operation.timer);
    this.current = undefined;
    if (message.leaderHint !== undefined) this.target = message.leaderHint;
    let outcome = message.outcome;
    if (outcome === 'info' && operation.f === 'read') outcome = 'fail'; // a read has no effect
    if (outcome === 'ok') {
      const value = operation.f === 'read' ? (message.value ?? null) : operation.value;
      if (operation.f === 'read') this.known.set(operation.key, value);
      else if (operation.f === 'write') this.known.set(operation.key, operation.value);
      else if (operation.f === 'cas') this.known.set(operation.key, (operation.value as [unknown, unknown])[1]);
      this.workload.recordCompletion(this.process, operation, 'ok', value, this.context.nowMs(), _from, message.version, message.error);
    } else {
      this.workload.recordCompletion(this.process, operation, outcome, operation.value, this.context.nowMs(), _from, message.version, message.error, message.error === 'cas-mismatch' ? message.value : undefined);
      if (outcome === 'info') this.process += this.workload.options.clients;
      // Refused without a hint (not the leader, no quorum): try another node next time.
      if (message.leaderHint === undefined && message.error !== 'cas-mismatch' && this.target !== undefined) this.target = this.workload.protocolModel.nextAfterTimeout(this.client, this.target);
    }
    this.next();
  }

  onTimer(payload: unknown): void {
    if (payload === 'think') {
      this.issue();
      return;
    }
    const operation = this.current;
    if (operation === undefined || payload !== operation.opId) return;
    this.current = undefined;
    const protocol = this.workload.protocolModel;
    const outcome = operation.f === 'read' ? 'fail' : 'info';
    this.workload.recordCompletion(this.process, operation, outcome, operation.value, this.context.nowMs(), this.target, undefined, 'timeout');
    if (outcome === 'info') this.process += this.workload.options.clients;
    if (this.target !== undefined) this.target = protocol.nextAfterTimeout(this.client, this.target);
    this.next();
  }

  /** @internal elements this client added to `key` and has not (tried to) remove. */
  ownElements(key: string): readonly unknown[] {
    return this.added.get(key) ?? [];
  }

  private trackElements(f: OperationName, key: string, value: unknown): void {
    if (f === 'add') {
      const own = this.added.get(key);
      if (own === undefined) this.added.set(key, [value]);
      else if (own.length < 64) own.push(value);
    } else if (f === 'remove') {
      const own = this.added.get(key);
      if (own !== undefined) own.splice(own.indexOf(value), 1);
    }
  }

  private next(): void {
    const thinkMs = this.workload.options.thinkMs;
    if (thinkMs > 0) this.context.setTimer(thinkMs, 'think');
    else this.issue();
  }

  private issue(): void {
    const operation = this.workload.nextOperation(this);
    if (operation === undefined) return;
    const { f, key, value } = operation;
    const opId = this.workload.newOpId();
    const nowMs = this.context.nowMs();
    const windows = this.workload.recordInvoke(this.process, f, key, value, nowMs);
    this.trackElements(f, key, value);
    this.target = this.workload.protocolModel.route(this.client, f, this.target);
    const timer = this.context.setTimer(this.workload.options.timeoutMs, opId);
    this.current = { opId, f, key, value, invokeMs: nowMs, windows, timer };
    this.context.send(this.target, { type: 'request', opId, f, key, value });
  }
}
