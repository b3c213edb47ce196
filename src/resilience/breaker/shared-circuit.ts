/**
 * The circuit state that several breaker instances share (through Redis, say).
 *
 * @example
 * ```ts
 * const shared: SharedCircuitState = await store.read();
 * if (shared.kind === 'open') console.log(`open for ${shared.remainingMs} ms more`);
 * ```
 */
export type SharedCircuitState =
  | { readonly kind: 'closed' }
  | { readonly kind: 'open'; readonly remainingMs: number; readonly opens: number }
  | { readonly kind: 'isolated' };

/**
 * Where breakers that guard the same dependency from many processes share their state. Every
 * operation is atomic in the store and measures time on the store's clock (so skewed hosts agree).
 * The breaker calls it off the success path (a throttled read, and on transitions) and keeps
 * working on its local state whenever the store fails or is slow ("fail open to local state").
 *
 * Implementations: {@link MemoryCircuitStore} (tests, one process) and `RedisCircuitStore`
 * (`pacelc/resilience/redis`); both pass the same contract suite.
 *
 * @example
 * ```ts
 * const store: SharedCircuitStore = new MemoryCircuitStore();
 * circuitBreaker({ shared: { store } });
 * ```
 */
export interface SharedCircuitStore {
  /** The shared state now. */
  read(): Promise<SharedCircuitState>;
  /**
   * Opens the circuit for `openMs`, unless it is already open for longer (or isolated); returns the
   * state that holds afterwards. `opens` is how many times in a row it has opened (for backoff).
   */
  open(openMs: number, opens: number): Promise<SharedCircuitState>;
  /**
   * Asks for the one half-open probe: true for exactly one caller per open period once it has
   * ended (the lease lapses after `leaseMs`, so a crashed prober does not block recovery).
   */
  acquireProbe(leaseMs: number): Promise<boolean>;
  /** Closes the circuit (a probe succeeded, or a manual reset) and frees the probe lease. */
  close(): Promise<void>;
  /** Holds the circuit open for every instance until `close()`. */
  isolate(): Promise<void>;
}

/**
 * A {@link SharedCircuitStore} in memory, for tests and for breakers in one process that should
 * trip together. Time comes from the `nowMs` function (a runtime clock).
 *
 * @example
 * ```ts
 * const store = new MemoryCircuitStore(() => runtime.clock.monotonicMs());
 * const a = circuitBreaker({ runtime, shared: { store } });
 * const b = circuitBreaker({ runtime, shared: { store } });
 * ```
 */
export class MemoryCircuitStore implements SharedCircuitStore {
  private kind: 'closed' | 'open' | 'isolated' = 'closed';
  private untilMs = 0;
  private opens = 0;
  private probeUntilMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly nowMs: () => number) {}

  async read(): Promise<SharedCircuitState> {
    return this.state();
  }

  async open(openMs: number, opens: number): Promise<SharedCircuitState> {
    const nowMs = this.nowMs();
    if (this.kind === 'isolated') return this.state();
    if (this.kind !== 'open' || this.untilMs < nowMs + openMs) {
      this.kind = 'open';
      this.untilMs = nowMs + openMs;
      this.opens = Math.max(opens, this.opens);
      this.probeUntilMs = Number.NEGATIVE_INFINITY;
    }
    return this.state();
  }

  async acquireProbe(leaseMs: number): Promise<boolean> {
    const nowMs = this.nowMs();
    if (this.kind === 'closed') return true;
    if (this.kind === 'isolated' || nowMs < this.untilMs || nowMs < this.probeUntilMs) return false;
    this.probeUntilMs = nowMs + leaseMs;
    return true;
  }

  async close(): Promise<void> {
    this.kind = 'closed';
    this.opens = 0;
    this.probeUntilMs = Number.NEGATIVE_INFINITY;
  }

  async isolate(): Promise<void> {
    this.kind = 'isolated';
  }

  private state(): SharedCircuitState {
    switch (this.kind) {
      case 'closed':
        return { kind: 'closed' };
      case 'isolated':
        return { kind: 'isolated' };
      case 'open':
        return { kind: 'open', remainingMs: Math.max(0, this.untilMs - this.nowMs()), opens: this.opens };
    }
  }
}
