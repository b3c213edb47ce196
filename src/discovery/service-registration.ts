import { invalidOption } from '../errors.js';
import { checkOptionsObject, numberOption, optionalArray, optionalFunction, requiredObjectWith, runtimeOption, wrongType } from '../options.js';
import { type Runtime, type TimerHandle } from '../runtime/index.js';
import { InstanceNotFoundError } from './errors.js';
import { type HealthCheck, runWithTimeout } from './health-check.js';
import type { InstanceInput, InstanceStatus, ServiceInstance } from './instance.js';
import type { Registry } from './registry.js';

/** A health check and how it is run. */
export interface CheckSchedule {
  readonly check: HealthCheck;
  /** Default 10 s. */
  readonly intervalMs?: number;
  /** Default 2 s. */
  readonly timeoutMs?: number;
  /** Consecutive failures that mark the instance critical. Default 3. */
  readonly failuresToCritical?: number;
  /** Consecutive successes that bring a critical instance back to passing. Default 2. */
  readonly successesToPassing?: number;
}

/** Options of {@link ServiceRegistration.start}. */
export interface ServiceRegistrationOptions {
  readonly registry: Registry;
  readonly instance: InstanceInput;
  /** The lease. Default 10 s. */
  readonly ttlMs?: number;
  /** How often the lease is renewed. Default a third of the TTL, so two heartbeats may be lost. */
  readonly heartbeatIntervalMs?: number;
  readonly checks?: readonly CheckSchedule[];
  /** A critical instance is deregistered after this long (it re-registers if it recovers). Default 60 s. */
  readonly deregisterCriticalAfterMs?: number;
  /** Registry errors while heartbeating (the registration keeps retrying). */
  readonly onError?: (error: unknown) => void;
  readonly runtime?: Runtime;
}

interface CheckState {
  readonly schedule: Required<Omit<CheckSchedule, 'check'>> & { readonly check: HealthCheck };
  failures: number;
  successes: number;
  healthy: boolean;
  timer?: TimerHandle;
}

/**
 * The registering side of discovery: registers an instance, renews its lease, runs its health
 * checks (marking it critical after repeated failures, deregistering it after a bounded time,
 * re-registering it when it recovers), drains it gracefully, and deregisters it on shutdown
 * signals. Every timer is the runtime's, so all of it runs on virtual time in tests.
 *
 * @example
 * ```ts
 * import { ServiceRegistration, httpCheck } from 'pacelc/discovery';
 * const registration = await ServiceRegistration.start({
 *   registry,
 *   instance: { service: 'payments', id: process.env.HOSTNAME ?? 'local', address: '10.0.3.7:8080' },
 *   checks: [{ check: httpCheck({ path: '/healthz' }) }],
 * });
 * registration.deregisterOnSignals(); // SIGTERM/SIGINT: drain, deregister, then exit
 * ```
 */
export class ServiceRegistration {
  private readonly registry: Registry;
  private readonly runtime: Runtime;
  private readonly input: InstanceInput;
  private readonly ttlMs: number;
  private readonly heartbeatIntervalMs: number;
  private readonly deregisterCriticalAfterMs: number;
  private readonly onError: (error: unknown) => void;
  private readonly checks: CheckState[];
  private heartbeatTimer: TimerHandle | undefined;
  private instance: ServiceInstance | undefined;
  private currentStatus: InstanceStatus = 'passing';
  private criticalSinceMs: number | undefined;
  private registered = false;
  private stopped = false;
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];

  private constructor(options: ServiceRegistrationOptions) {
    checkOptionsObject('ServiceRegistration', options ?? null);
    this.registry = requiredObjectWith('registry', options.registry, ['register', 'heartbeat', 'deregister'], 'a Registry (MemoryRegistry, RedisRegistry, NatsRegistry)');
    this.runtime = runtimeOption(options.runtime);
    if (typeof options.instance !== 'object' || options.instance === null) throw wrongType('instance', options.instance, 'an instance ({ service, id, host, port })');
    this.input = options.instance;
    this.ttlMs = numberOption('ttlMs', options.ttlMs, 10_000, { min: 1, max: 2 ** 31 - 1 });
    this.heartbeatIntervalMs = numberOption('heartbeatIntervalMs', options.heartbeatIntervalMs, Math.max(1, Math.floor(this.ttlMs / 3)), { min: 0, exclusiveMin: true, max: 2 ** 31 - 1 });
    this.deregisterCriticalAfterMs = numberOption('deregisterCriticalAfterMs', options.deregisterCriticalAfterMs, 60_000, { min: 0, max: 2 ** 31 - 1 });
    this.onError = optionalFunction('onError', options.onError) ?? (() => {});
    optionalArray('checks', options.checks, 'a list of { check: HealthCheck, intervalMs?, timeoutMs?, ... }', (schedule) => typeof schedule === 'object' && schedule !== null);
    (options.checks ?? []).forEach((schedule, index) => {
      requiredObjectWith(`checks[${index}].check`, schedule.check, ['run'], 'a HealthCheck ({ name, run(instance, signal) })');
      numberOption(`checks[${index}].intervalMs`, schedule.intervalMs, 10_000, { min: 1, max: 2 ** 31 - 1 });
      numberOption(`checks[${index}].timeoutMs`, schedule.timeoutMs, 2_000, { min: 1, max: 2 ** 31 - 1 });
      numberOption(`checks[${index}].failuresToCritical`, schedule.failuresToCritical, 3, { min: 1, integer: true });
      numberOption(`checks[${index}].successesToPassing`, schedule.successesToPassing, 2, { min: 1, integer: true });
    });
    if (!(this.heartbeatIntervalMs > 0 && this.heartbeatIntervalMs < this.ttlMs)) {
      throw invalidOption('heartbeatIntervalMs', options.heartbeatIntervalMs, `a number of ms > 0 and below ttlMs (${this.ttlMs})`);
    }
    if (!(this.deregisterCriticalAfterMs >= 0)) throw invalidOption('deregisterCriticalAfterMs', options.deregisterCriticalAfterMs, 'a number of ms >= 0');
    this.checks = (options.checks ?? []).map((schedule) => ({
      schedule: {
        check: schedule.check,
        intervalMs: schedule.intervalMs ?? 10_000,
        timeoutMs: schedule.timeoutMs ?? 2_000,
        failuresToCritical: schedule.failuresToCritical ?? 3,
        successesToPassing: schedule.successesToPassing ?? 2,
      },
      failures: 0,
      successes: 0,
      healthy: true,
    }));
  }

  /** Registers the instance and starts heartbeats and health checks. */
  static async start(options: ServiceRegistrationOptions): Promise<ServiceRegistration> {
    const registration = new ServiceRegistration(options);
    await registration.register();
    registration.scheduleHeartbeat();
    for (const state of registration.checks) registration.scheduleCheck(state);
    return registration;
  }

  /** The status the registry has (or will have) for this instance. */
  get status(): InstanceStatus {
    return this.currentStatus;
  }

  /** Whether the instance is in the registry now (false after a critical period or deregistration). */
  get isRegistered(): boolean {
    return this.registered;
  }

  /** Runs `work` counted as in flight, so {@link ServiceRegistration.drain} can wait for it. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    this.inFlight++;
    try {
      return await work();
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  /**
   * Graceful drain: marks the instance draining (clients stop sending new work), waits for the
   * work in flight to finish (at most `timeoutMs`), then deregisters and stops.
   */
  async drain(options: { readonly timeoutMs?: number } = {}): Promise<{ readonly unfinished: number }> {
    if (this.stopped) return { unfinished: this.inFlight };
    await this.setStatus('draining');
    if (this.inFlight > 0) {
      const controller = new AbortController();
      await Promise.race([
        new Promise<void>((resolve) => this.idleWaiters.push(resolve)),
        this.runtime.sleep(options.timeoutMs ?? 30_000, controller.signal).catch(() => undefined),
      ]);
      controller.abort();
    }
    const unfinished = this.inFlight;
    await this.stop();
    return { unfinished };
  }

  /** Deregisters on the given signals (after draining), then lets the process exit. Returns a function that removes the handlers. */
  deregisterOnSignals(signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'], options: { readonly drainTimeoutMs?: number } = {}): () => void {
    const handler = (signal: NodeJS.Signals): void => {
      void this.drain({ timeoutMs: options.drainTimeoutMs ?? 10_000 }).finally(() => {
        remove();
        process.kill(process.pid, signal);
      });
    };
    const remove = (): void => {
      for (const signal of signals) process.off(signal, handler);
    };
    for (const signal of signals) process.once(signal, handler);
    return remove;
  }

  /** Stops heartbeats and checks and deregisters the instance. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.heartbeatTimer?.cancel();
    for (const state of this.checks) state.timer?.cancel();
    if (this.instance !== undefined) await this.registry.deregister(this.instance.service, this.instance.id).catch(this.onError);
    this.registered = false;
  }

  private async register(): Promise<void> {
    this.instance = await this.registry.register(this.input, { ttlMs: this.ttlMs });
    this.registered = true;
    if (this.currentStatus !== 'passing') await this.registry.setStatus(this.instance.service, this.instance.id, this.currentStatus);
  }

  private async setStatus(status: InstanceStatus): Promise<void> {
    this.currentStatus = status;
    if (!this.registered || this.instance === undefined) return;
    await this.registry.setStatus(this.instance.service, this.instance.id, status).catch(async (error: unknown) => {
      if (error instanceof InstanceNotFoundError) await this.register();
      else this.onError(error);
    });
  }

  private scheduleHeartbeat(): void {
    this.heartbeatTimer = this.runtime.setTimer(this.heartbeatIntervalMs, () => {
      void this.heartbeat().finally(() => {
        if (!this.stopped) this.scheduleHeartbeat();
      });
    });
  }

  private async heartbeat(): Promise<void> {
    if (this.stopped || !this.registered || this.instance === undefined) return;
    try {
      await this.registry.heartbeat(this.instance.service, this.instance.id);
    } catch (error) {
      if (error instanceof InstanceNotFoundError) {
        // The lease ran out (a long pause, a registry restart): register again.
        await this.register().catch(this.onError);
      } else {
        this.onError(error);
      }
    }
  }

  private scheduleCheck(state: CheckState): void {
    state.timer = this.runtime.setTimer(state.schedule.intervalMs, () => {
      void this.runCheck(state).finally(() => {
        if (!this.stopped) this.scheduleCheck(state);
      });
    });
  }

  private async runCheck(state: CheckState): Promise<void> {
    if (this.stopped || this.instance === undefined) return;
    let passed = true;
    try {
      await runWithTimeout(state.schedule.check, this.instance, state.schedule.timeoutMs, this.runtime);
    } catch {
      passed = false;
    }
    if (passed) {
      state.failures = 0;
      state.successes++;
      if (!state.healthy && state.successes >= state.schedule.successesToPassing) state.healthy = true;
    } else {
      state.successes = 0;
      state.failures++;
      if (state.healthy && state.failures >= state.schedule.failuresToCritical) state.healthy = false;
    }
    await this.applyHealth();
  }

  private async applyHealth(): Promise<void> {
    if (this.currentStatus === 'draining' || this.stopped || this.instance === undefined) return;
    const healthy = this.checks.every((state) => state.healthy);
    const nowMs = this.runtime.clock.monotonicMs();
    if (healthy) {
      this.criticalSinceMs = undefined;
      if (!this.registered) {
        this.currentStatus = 'passing'; // come back as passing, not briefly as critical
        await this.register().catch(this.onError);
      }
      if (this.currentStatus !== 'passing') await this.setStatus('passing');
      return;
    }
    if (this.currentStatus !== 'critical') {
      this.criticalSinceMs = nowMs;
      await this.setStatus('critical');
    }
    if (this.registered && this.criticalSinceMs !== undefined && nowMs - this.criticalSinceMs >= this.deregisterCriticalAfterMs) {
      await this.registry.deregister(this.instance.service, this.instance.id).catch(this.onError);
      this.registered = false;
    }
  }
}

