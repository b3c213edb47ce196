import { checkOptionsObject, optionalFunction, optionalObjectWith, wrongType } from '../options.js';
import { CircuitBreaker } from '../resilience/breaker/circuit-breaker.js';
import type { Policy } from '../resilience/policy.js';
import { systemRuntime, type Runtime } from '../runtime/index.js';
import type { Balancer, PickContext } from './balancers/balancer.js';
import { powerOfTwoChoices } from './balancers/least-outstanding.js';
import { type Endpoint, endpointOf } from './endpoint.js';
import { NoInstanceAvailableError } from './errors.js';
import type { ServiceInstance } from './instance.js';
import { OutlierDetector, type OutlierDetectionOptions } from './outlier-detection.js';
import type { Registry, Watch } from './registry.js';

/** Options of {@link DiscoveryClient}. */
export interface DiscoveryClientOptions {
  readonly registry: Registry;
  readonly service: string;
  /** Default: power of two choices on requests in flight. */
  readonly balancer?: Balancer;
  /** Outlier ejection settings, or `false` to turn it off. */
  readonly outlierDetection?: OutlierDetectionOptions | false;
  /**
   * A resilience policy per instance (built once per instance id), through which every `call` to
   * that instance runs — typically a circuit breaker, so one sick instance fails fast while the
   * others serve. An instance whose breaker is open (and not yet due to probe) or isolated is not
   * picked.
   */
  readonly instancePolicy?: (instance: ServiceInstance) => Policy;
  /** Weight of the newest latency sample in the EWMA (0..1). Default 0.3. */
  readonly latencyEwmaWeight?: number;
  readonly runtime?: Runtime;
}

/** What the client knows and how fresh it is. */
export interface DiscoverySnapshot {
  readonly instances: readonly ServiceInstance[];
  /** Instances that may take new requests now (passing and not ejected). */
  readonly available: number;
  /**
   * Time since the registry last confirmed the set: its staleness bound. Server registries confirm
   * on every re-read, so it stays under their resync interval while they are reachable and grows
   * while they are not; an in-process registry pushes every change at once, so its snapshot is
   * never stale and this counts from the last change.
   */
  readonly ageMs: number;
  /** False after the registry failed and before it answered again: the client is routing on its last snapshot (fail-static). */
  readonly registryReachable: boolean;
  readonly lastError?: unknown;
}

/**
 * Client-side discovery: keeps a local snapshot of a service's instances, updated by the
 * registry's watch (never a registry round trip per request), picks an instance with a balancer,
 * tracks requests in flight and latency per instance, and ejects instances that fail repeatedly.
 * When the registry is unreachable it keeps routing on its last snapshot and says so.
 *
 * @example
 * ```ts
 * import { DiscoveryClient, MemoryRegistry, powerOfTwoChoices } from 'pacelc/discovery';
 * const client = new DiscoveryClient({ registry, service: 'payments', balancer: powerOfTwoChoices() });
 * await client.start();
 * const receipt = await client.call((instance, signal) => fetch(`http://${instance.address}/pay`, { signal }));
 * ```
 */
export class DiscoveryClient {
  private readonly registry: Registry;
  readonly service: string;
  private readonly balancer: Balancer;
  private readonly detector: OutlierDetector | undefined;
  private readonly runtime: Runtime;
  private readonly ewmaWeight: number;
  private readonly instancePolicy: ((instance: ServiceInstance) => Policy) | undefined;
  private readonly policies = new Map<string, Policy>();
  private endpoints: Endpoint[] = [];
  private candidates: Endpoint[] = [];
  private candidatesValidUntilMs = Number.POSITIVE_INFINITY;
  private watch: Watch | undefined;
  private confirmedAtMs = 0;
  private reachable = true;
  private lastError: unknown;

  constructor(options: DiscoveryClientOptions) {
    checkOptionsObject('DiscoveryClient', options);
    if (optionalObjectWith('registry', options.registry, ['watch'], 'a Registry') === undefined) throw wrongType('registry', undefined, 'a Registry');
    if (typeof options.service !== 'string' || options.service === '') throw wrongType('service', options.service, 'a non-empty string');
    optionalObjectWith('balancer', options.balancer, ['pick'], 'a Balancer (e.g. roundRobin())');
    optionalFunction('instancePolicy', options.instancePolicy as ((...args: never[]) => unknown) | undefined);
    if (options.latencyEwmaWeight !== undefined && typeof options.latencyEwmaWeight !== 'number') throw wrongType('latencyEwmaWeight', options.latencyEwmaWeight, 'a number in (0, 1]');
    this.registry = options.registry;
    this.service = options.service;
    this.runtime = options.runtime ?? systemRuntime();
    this.balancer = options.balancer ?? powerOfTwoChoices({ runtime: this.runtime });
    this.detector = options.outlierDetection === false ? undefined : new OutlierDetector(options.outlierDetection ?? {});
    this.ewmaWeight = options.latencyEwmaWeight ?? 0.3;
    this.instancePolicy = options.instancePolicy;
    if (!(this.ewmaWeight > 0 && this.ewmaWeight <= 1)) throw new RangeError(`Invalid option latencyEwmaWeight: expected a number in (0, 1], received ${String(options.latencyEwmaWeight)}`);
  }

  /** Subscribes to the registry; resolves once the first snapshot has arrived. */
  async start(): Promise<void> {
    if (this.watch !== undefined) return;
    this.watch = await this.registry.watch(
      this.service,
      (instances) => this.update(instances),
      (error) => {
        this.reachable = false;
        this.lastError = error;
      },
      () => {
        this.confirmedAtMs = this.runtime.clock.monotonicMs();
        this.reachable = true;
        this.lastError = undefined;
      },
    );
  }

  /** The current snapshot and its freshness. */
  snapshot(): DiscoverySnapshot {
    const nowMs = this.runtime.clock.monotonicMs();
    return {
      instances: this.endpoints.map((endpoint) => endpoint.instance),
      available: this.currentCandidates(nowMs).length,
      ageMs: nowMs - this.confirmedAtMs,
      registryReachable: this.reachable,
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
    };
  }

  /** Picks an instance for one request (throws `NoInstanceAvailableError` when none can take it). */
  pick(context: PickContext = {}): Endpoint {
    const candidates = this.currentCandidates(this.runtime.clock.monotonicMs());
    if (candidates.length === 0) {
      const detail = this.endpoints.length === 0 ? 'none registered' : `${this.endpoints.length} registered, none passing and not ejected`;
      throw new NoInstanceAvailableError(this.service, detail);
    }
    const picked = this.balancer.pick(candidates, context);
    if (this.instancePolicy === undefined || this.admits(picked)) return picked;
    // The balancer's choice has an open circuit: take the first candidate whose circuit admits calls.
    for (const candidate of candidates) if (this.admits(candidate)) return candidate;
    throw new NoInstanceAvailableError(this.service, `all ${candidates.length} available instances have an open circuit`);
  }

  /** The instance's policy (created on first use), when the client has `instancePolicy`. */
  policyOf(instance: ServiceInstance): Policy | undefined {
    if (this.instancePolicy === undefined) return undefined;
    let policy = this.policies.get(instance.id);
    if (policy === undefined) {
      policy = this.instancePolicy(instance);
      this.policies.set(instance.id, policy);
    }
    return policy;
  }

  private admits(endpoint: Endpoint): boolean {
    const policy = this.policies.get(endpoint.instance.id);
    if (!(policy instanceof CircuitBreaker)) return true;
    const state = policy.state;
    if (state.kind === 'isolated') return false;
    return state.kind !== 'open' || state.reopensAtMs <= this.runtime.clock.monotonicMs();
  }

  /**
   * Runs `request` against a picked instance, counting it in flight, timing it, and feeding
   * outlier ejection (a thrown error counts as a failure).
   */
  async call<T>(request: (instance: ServiceInstance) => Promise<T>, context: PickContext = {}): Promise<T> {
    const endpoint = this.pick(context);
    const startedMs = this.runtime.clock.monotonicMs();
    endpoint.outstanding++;
    let ok = false;
    try {
      const policy = this.policyOf(endpoint.instance);
      const result = policy === undefined ? await request(endpoint.instance) : await policy.execute(() => request(endpoint.instance));
      ok = true;
      return result;
    } finally {
      endpoint.outstanding--;
      this.report(endpoint, ok, this.runtime.clock.monotonicMs() - startedMs);
    }
  }

  /** Records the outcome of a request made to a picked endpoint outside {@link DiscoveryClient.call}. */
  report(endpoint: Endpoint, ok: boolean, latencyMs: number): void {
    endpoint.ewmaLatencyMs = endpoint.ewmaLatencyMs === 0 ? latencyMs : endpoint.ewmaLatencyMs + this.ewmaWeight * (latencyMs - endpoint.ewmaLatencyMs);
    const nowMs = this.runtime.clock.monotonicMs();
    if (this.detector?.record(endpoint, ok, nowMs, this.endpoints) === true) this.candidatesValidUntilMs = nowMs;
  }

  /** Stops watching the registry. */
  async close(): Promise<void> {
    await this.watch?.close();
    this.watch = undefined;
  }

  private update(instances: readonly ServiceInstance[]): void {
    const previous = new Map(this.endpoints.map((endpoint) => [endpoint.instance.id, endpoint]));
    this.endpoints = instances.map((instance) => {
      const known = previous.get(instance.id);
      if (known === undefined || known.instance.address !== instance.address) return endpointOf(instance);
      known.instance = instance; // the same object: calls in flight decrement the count they incremented
      return known;
    });
    this.confirmedAtMs = this.runtime.clock.monotonicMs();
    this.reachable = true;
    this.lastError = undefined;
    this.candidatesValidUntilMs = this.confirmedAtMs;
    for (const id of this.policies.keys()) if (!instances.some((instance) => instance.id === id)) this.policies.delete(id);
  }

  /** Passing, non-ejected endpoints; rebuilt only when the set or an ejection changes, so picks do not allocate. */
  private currentCandidates(nowMs: number): readonly Endpoint[] {
    if (nowMs < this.candidatesValidUntilMs) return this.candidates;
    let nextExpiry = Number.POSITIVE_INFINITY;
    this.candidates = this.endpoints.filter((endpoint) => {
      if (endpoint.instance.status !== 'passing') return false;
      if (endpoint.ejectedUntilMs > nowMs) {
        nextExpiry = Math.min(nextExpiry, endpoint.ejectedUntilMs);
        return false;
      }
      return true;
    });
    this.candidatesValidUntilMs = nextExpiry;
    return this.candidates;
  }
}
