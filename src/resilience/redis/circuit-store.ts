import { invalidOption } from '../../errors.js';
import { checkOptionsObject, numberOption, optionalString, requiredObjectWith } from '../../options.js';
import type { SharedCircuitState, SharedCircuitStore } from '../breaker/shared-circuit.js';
import { acquireProbe, closeCircuit, isolateCircuit, openCircuit, readCircuit, type RedisScriptClient } from './scripts.js';

/**
 * Options of {@link RedisCircuitStore}.
 *
 * @example
 * ```ts
 * new RedisCircuitStore({ redis, name: 'search', prefix: 'myapp:circuit:', lingerMs: 3_600_000 });
 * ```
 */
export interface RedisCircuitStoreOptions {
  /** An ioredis `Redis` or `Cluster` (or anything with `eval` / `evalsha`). */
  readonly redis: RedisScriptClient;
  /** The circuit's name: breakers with the same name share a state. */
  readonly name: string;
  /** Key prefix. Default `pacelc:circuit:`. Keys are `<prefix>{<name>}:state` and `:probe` (one cluster slot). */
  readonly prefix?: string;
  /** How long an open state outlives its open period before Redis forgets it, in ms. Default 86,400,000 (a day). */
  readonly lingerMs?: number;
}

/**
 * A {@link SharedCircuitStore} in Redis: every operation is one Lua script (atomic), time is Redis
 * server time (`TIME`), and the half-open probe is a `SET NX PX` lease, so exactly one instance
 * probes and a crashed prober cannot block recovery. Pass it to `circuitBreaker({ shared: { store } })`;
 * the breaker keeps working on local state whenever Redis is unreachable or slow.
 *
 * @example
 * ```ts
 * import Redis from 'ioredis';
 * import { circuitBreaker } from 'pacelc/resilience';
 * import { RedisCircuitStore } from 'pacelc/resilience/redis';
 * const redis = new Redis({ maxRetriesPerRequest: 1 });
 * const breaker = circuitBreaker({ shared: { store: new RedisCircuitStore({ redis, name: 'payments-api' }) } });
 * ```
 */
export class RedisCircuitStore implements SharedCircuitStore {
  private readonly redis: RedisScriptClient;
  private readonly keys: readonly [string, string];
  private readonly lingerMs: number;

  constructor(options: RedisCircuitStoreOptions) {
    checkOptionsObject('RedisCircuitStore', options ?? null);
    if (typeof options.name !== 'string' || options.name === '') throw invalidOption('name', options.name, 'a non-empty string');
    this.redis = requiredObjectWith('redis', options.redis, ['evalsha', 'eval'], 'an ioredis client');
    const base = `${optionalString('prefix', options.prefix, true) ?? 'pacelc:circuit:'}{${options.name}}`;
    this.keys = [`${base}:state`, `${base}:probe`];
    this.lingerMs = numberOption('lingerMs', options.lingerMs, 86_400_000, { min: 1, integer: true });
  }

  async read(): Promise<SharedCircuitState> {
    return toState(await readCircuit.run(this.redis, this.keys, []));
  }

  async open(openMs: number, opens: number): Promise<SharedCircuitState> {
    return toState(await openCircuit.run(this.redis, this.keys, [Math.ceil(openMs), opens, this.lingerMs]));
  }

  async acquireProbe(leaseMs: number): Promise<boolean> {
    return (await acquireProbe.run(this.redis, this.keys, [Math.max(1, Math.ceil(leaseMs))])) === 1;
  }

  async close(): Promise<void> {
    await closeCircuit.run(this.redis, this.keys, []);
  }

  async isolate(): Promise<void> {
    await isolateCircuit.run(this.redis, this.keys, []);
  }
}

function toState(reply: unknown): SharedCircuitState {
  const [kind, remainingMs, opens] = reply as [string, number, number];
  switch (kind) {
    case 'open':
      return { kind: 'open', remainingMs: Number(remainingMs), opens: Number(opens) };
    case 'isolated':
      return { kind: 'isolated' };
    default:
      return { kind: 'closed' };
  }
}
