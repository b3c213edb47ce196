import type { CacheTier } from '../cache/tier.js';
import { MemoryTier } from '../cache/memory-tier.js';
import { MemoryRegistry } from '../discovery/memory-registry.js';
import type { Registry } from '../discovery/registry.js';
import { invalidOption } from '../errors.js';
import type { EventStore } from '../eventsourcing/event-store.js';
import { MemoryEventStore } from '../eventsourcing/memory-event-store.js';
import type { Random } from '../runtime/random.js';
import type { Runtime } from '../runtime/runtime.js';
import { MemorySagaStore } from '../saga/memory-saga-store.js';
import type { BusMessage, MessageBus } from '../saga/message-bus.js';
import type { SagaStore } from '../saga/saga-store.js';
import type { LatencyDistribution } from '../sim/latency.js';
import { describeWorldFault, drawFaults, withMagnitude, type WorldFault, type WorldFaultOptions } from './fault-schedule.js';
import { durableStore } from './durable-store.js';
import { WorldRegistry } from './world-registry.js';
import { WorldBroker, WorldBus, type WorldBusOptions } from './world-bus.js';
import { DatabaseFiles, DatabaseView, WorldDatabase, type StorageIo } from './world-database.js';
import { World, WorldProcess, type CallHandler, type CallOptions, type Endpoint } from './world.js';

/**
 * What a process's start-up code receives: its runtime (its own skewed, drifting clock, timers
 * that die with it, seeded chance), its durable stores (they survive its crashes), the network
 * (serve and call), the broker and the registry. It runs at the start and again after every
 * restart, so it is where `orchestrator.resume()` goes.
 *
 * @example
 * ```ts
 * world.process('payment', (p) => {
 *   const db = p.database();
 *   p.serve('charge', (order) => db.transaction((tx) => tx.put('charges', order.id, order)));
 * });
 * ```
 */
export interface ProcessContext {
  readonly name: string;
  /** 1 at the first start, 2 after the first restart, ... */
  readonly incarnation: number;
  /** Pass it to every pacelc component (`{ runtime: p.runtime }`). */
  readonly runtime: Runtime;
  /** Answers calls to `method` (until the process crashes; re-serve in start-up code). */
  serve(method: string, handler: CallHandler): void;
  /** Calls `method` of another process over the simulated network. */
  call<T = unknown>(target: string, method: string, payload?: unknown, options?: CallOptions): Promise<T>;
  /** The process's durable database (tables, outbox, inbox). */
  database(name?: string): WorldDatabase;
  /** A durable saga store (the memory store behind storage latency and crash semantics). */
  sagaStore(name?: string): SagaStore;
  /** A durable event store (likewise). */
  eventStore(name?: string): EventStore;
  /**
   * A cache tier shared by every process, as a Redis would be (the memory tier behind the
   * `CacheTier` interface): it outlives any process's crash; each operation takes the storage
   * latency and is lost if the calling process crashes first.
   */
  cacheTier(name?: string): CacheTier;
  /** The connection to the world's broker (a `MessageBus`); the broker may crash (`faults.brokerCrashes`): publishes then time out. */
  bus(options?: WorldBusOptions): MessageBus;
  /**
   * The world's service registry, shared by every process. It lives on the broker's server (as
   * the NATS registry does): while the broker is down or a partition cuts this process from it,
   * calls time out and watches report an error (a discovery client routes on its last set).
   */
  readonly registry: Registry;
  /** Adds a line to the run's trace. */
  log(text: string): void;
}

/**
 * A workload client: it sits outside the system, next to it (its calls are never lost or cut),
 * on the exact clock.
 *
 * @example
 * ```ts
 * world.client(async (c) => { for (let i = 0; i < 10; i++) await c.call('orders', 'place', { id: `o${c.index}-${i}` }).catch(() => undefined); });
 * ```
 */
export interface WorldClient {
  readonly index: number;
  readonly runtime: Runtime;
  readonly random: Random;
  call<T = unknown>(target: string, method: string, payload?: unknown, options?: CallOptions): Promise<T>;
  sleep(delayMs: number): Promise<void>;
}

/** What an invariant's check returns: `true` when it holds, `false` or a sentence saying what is wrong otherwise. */
export type InvariantCheck = () => boolean | string;

/** An `eventually` check runs once, at the end, and may read the stores asynchronously. */
export type EventualCheck = () => boolean | string | Promise<boolean | string>;

/**
 * What `setup` builds a world with: processes, workload clients, invariants, and read-only
 * views of the durable state for the invariants to look at.
 *
 * @example
 * ```ts
 * setup(world) {
 *   world.process('counter', (p) => p.serve('add', (n) => p.database().transaction((tx) => tx.put('sum', 'sum', (tx.get<number>('sum', 'sum') ?? 0) + (n as number)))));
 *   world.client(async (c) => { await c.call('counter', 'add', 1).catch(() => undefined); });
 *   world.always('sum is at most 1', () => (world.database('counter').get<number>('sum', 'sum') ?? 0) <= 1);
 * }
 * ```
 */
export interface WorldSetup {
  readonly seed: number;
  process(name: string, start: (p: ProcessContext) => unknown): void;
  client(run: (c: WorldClient) => Promise<void>): void;
  /** Must hold after every step of the run. */
  always(name: string, check: InvariantCheck): void;
  /** Must hold at the end, once faults have healed and the world has quiesced. */
  eventually(name: string, check: EventualCheck): void;
  /** Should hold at some step of some run (coverage): a sweep reports every one no seed reached. */
  sometimes(name: string, check: () => boolean): void;
  /** What a process's database has committed. */
  database(process: string, name?: string): DatabaseView;
  /** A process's durable saga store, as its orchestrator left it (read it in `eventually` checks). */
  sagaStore(process: string, name?: string): SagaStore;
  /** Every message the broker stored, in order. */
  published(): readonly BusMessage[];
  /** Messages the broker gave up on (`maxDeliveries` failed deliveries). */
  givenUp(): ReadonlyArray<{ readonly consumer: string; readonly id: string }>;
}

/**
 * A world: its processes, workload and invariants (built by `setup`, once per run), the length
 * of the faulty phase and of the quiet one, the network and the faults drawn from each seed.
 *
 * @example
 * ```ts
 * export const world = defineWorld({ name: 'counter', durationMs: 5_000, faults: { crashes: 1 }, setup(world) { ... } });
 * ```
 */
export interface WorldDefinition {
  readonly name: string;
  /** The faulty phase, in ms of virtual time: faults fall in it. Default 10,000. */
  readonly durationMs?: number;
  /** The quiet phase after it (faults healed, crashed processes restarted), in ms. Default 10,000. */
  readonly quiesceMs?: number;
  readonly faults?: WorldFaultOptions;
  /** Latency between processes (and the broker). Default lognormal, median 1 ms. */
  readonly latency?: LatencyDistribution;
  /** Links may reorder messages. Default false. */
  readonly reorder?: boolean;
  /** Latency of a durable store's read or commit, in ms. Default 0.2. */
  readonly storageLatencyMs?: number;
  /** How long the broker waits for a consumer's ack before redelivering, in ms. Default 1,000. */
  readonly ackWaitMs?: number;
  /** A bound on the events of one run. Default 2,000,000. */
  readonly maxSteps?: number;
  setup(world: WorldSetup): void;
}

/**
 * Checks a world definition and returns it.
 *
 * @example
 * ```ts
 * export const world = defineWorld({ name: 'two-process', setup(world) { world.process('a', () => undefined); } });
 * ```
 */
export function defineWorld(definition: WorldDefinition): WorldDefinition {
  if (typeof definition !== 'object' || definition === null) throw invalidOption('definition', definition, 'a world definition object');
  if (typeof definition.name !== 'string' || definition.name === '') throw invalidOption('name', definition.name, 'a non-empty string');
  if (typeof definition.setup !== 'function') throw invalidOption('setup', definition.setup, 'a function');
  positive('durationMs', definition.durationMs);
  positive('quiesceMs', definition.quiesceMs);
  positive('ackWaitMs', definition.ackWaitMs);
  if (definition.maxSteps !== undefined && !(Number.isSafeInteger(definition.maxSteps) && definition.maxSteps > 0)) throw invalidOption('maxSteps', definition.maxSteps, 'an integer > 0');
  return definition;
}

function positive(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && value > 0)) throw invalidOption(name, value, 'an integer number of ms > 0');
}

/** A broken invariant. */
export interface WorldViolation {
  /** The invariant's name; `no unhandled rejection` and `step limit` are the world's own. */
  readonly invariant: string;
  readonly kind: 'always' | 'eventually' | 'step-limit';
  readonly atMs: number;
  readonly message: string;
}

/** Options of {@link runWorld}. */
export interface WorldRunOptions {
  readonly seed: number;
  /** Run only these faults of the seed's schedule (indices into it): what shrinking and its replay use. Default: all. */
  readonly keepFaults?: readonly number[];
  /** Keep every trace line in the result. */
  readonly keepTrace?: boolean;
  /** A fault schedule written by hand, instead of the one drawn from the seed. */
  readonly schedule?: readonly WorldFault[];
  /**
   * Smaller (or other) sizes for some faults, by index into the schedule: a crash's `downMs`, a
   * partition's `durationMs`, a clock jump's size, a loss or duplication probability. What
   * shrinking and its replay use. Default: the sizes drawn.
   */
  readonly magnitudes?: Readonly<Record<number, number>>;
}

/** What one run found: plain data (it crosses worker threads). */
export interface WorldRunResult {
  readonly kind: 'world';
  readonly world: string;
  readonly seed: number;
  readonly verdict: 'ok' | 'violated';
  readonly violations: readonly WorldViolation[];
  /** Every `sometimes` property and whether this run reached it. */
  readonly sometimes: Readonly<Record<string, boolean>>;
  /** Each process's clock drift drawn from the seed, in parts per million (positive: fast). */
  readonly driftPpm: Readonly<Record<string, number>>;
  /** The seed's whole fault schedule; `keptFaults` says which of them ran. */
  readonly schedule: readonly WorldFault[];
  readonly keptFaults: readonly number[];
  /** The sizes given in place of the drawn ones (only when some were). */
  readonly magnitudes?: Readonly<Record<number, number>>;
  readonly steps: number;
  readonly virtualMs: number;
  readonly messagesSent: number;
  readonly messagesDropped: number;
  readonly crashes: number;
  readonly traceSha256: string;
  readonly traceTail: readonly string[];
  readonly trace?: readonly string[];
}

interface Invariant {
  readonly name: string;
  readonly check: EventualCheck;
}

/**
 * Runs one seed of a world: draws its faults, starts its processes and clients, runs the faulty
 * phase, heals everything (partitions, loss, duplication; crashed processes restart), lets the
 * world quiesce, and checks `eventually` invariants; `always` ones are checked after every step.
 * The same definition and seed give the same run, byte for byte (`traceSha256`).
 *
 * @example
 * ```ts
 * const result = await runWorld(world, { seed: 7 });
 * result.verdict; // 'ok' or 'violated'
 * ```
 */
export async function runWorld(definition: WorldDefinition, options: WorldRunOptions): Promise<WorldRunResult> {
  defineWorld(definition);
  const durationMs = definition.durationMs ?? 10_000;
  const quiesceMs = definition.quiesceMs ?? 10_000;
  const maxSteps = definition.maxSteps ?? 2_000_000;
  const world = new World({
    seed: options.seed,
    ...(definition.latency === undefined ? {} : { latency: definition.latency }),
    ...(definition.reorder === undefined ? {} : { reorder: definition.reorder }),
    ...(definition.storageLatencyMs === undefined ? {} : { storageLatencyMs: definition.storageLatencyMs }),
    ...(options.keepTrace === true ? { keepTrace: true } : {}),
  });
  const faultRandom = world.random.fork();
  const driftRandom = world.random.fork();
  const processRandom = world.random.fork();
  const clientRandom = world.random.fork();

  const starts: Array<{ name: string; start: (p: ProcessContext) => unknown }> = [];
  const clients: Array<(c: WorldClient) => Promise<void>> = [];
  const always: Invariant[] = [];
  const eventually: Invariant[] = [];
  const sometimes: Array<{ name: string; check: () => boolean }> = [];
  const processes = new Map<string, WorldProcess>();
  const brokerHolder: { broker?: WorldBroker } = {};
  let setupDone = false;
  const processNamed = (name: string): WorldProcess => {
    const target = processes.get(name);
    if (target === undefined) throw invalidOption('process', name, `a process of the world (${[...processes.keys()].join(', ')})`);
    return target;
  };
  const named = (kind: string, name: string, taken: ReadonlyArray<{ name: string }>): void => {
    if (setupDone) throw new Error(`world.${kind}() is for setup only`);
    if (typeof name !== 'string' || name === '') throw invalidOption(`${kind} name`, name, 'a non-empty string');
    if (taken.some((entry) => entry.name === name)) throw invalidOption(`${kind} name`, name, `a name used by one ${kind} only`);
  };
  const setup: WorldSetup = {
    seed: options.seed,
    process: (name, start) => {
      named('process', name, starts);
      if (name === 'broker' || name.startsWith('client-')) throw invalidOption('process name', name, 'a name other than broker and client-N');
      if (typeof start !== 'function') throw invalidOption(`process ${name}`, start, 'a start-up function');
      starts.push({ name, start });
    },
    client: (run) => {
      if (typeof run !== 'function') throw invalidOption('client', run, 'an async function');
      clients.push(run);
    },
    always: (name, check) => {
      named('always', name, always);
      always.push({ name, check });
    },
    eventually: (name, check) => {
      named('eventually', name, eventually);
      eventually.push({ name, check });
    },
    sometimes: (name, check) => {
      named('sometimes', name, sometimes);
      sometimes.push({ name, check });
    },
    database: (process, name = 'main') => new DatabaseView(databaseFiles(processNamed(process), name)),
    sagaStore: (process, name = 'sagas') => sagaFiles(processNamed(process), name),
    published: () => brokerHolder.broker?.log ?? [],
    givenUp: () => brokerHolder.broker?.givenUp ?? [],
  };
  definition.setup(setup);
  setupDone = true;
  if (starts.length === 0) throw invalidOption('setup', 'no process', 'at least one world.process(...)');

  // Endpoints: processes, the broker, then the clients.
  starts.forEach(({ name, start }, address) => {
    const process = new WorldProcess(name, address, start as (context: never) => unknown, processRandom.fork());
    processes.set(name, process);
    world.addEndpoint(process);
  });
  const broker = new WorldBroker(world, starts.length, definition.ackWaitMs === undefined ? {} : { ackWaitMs: definition.ackWaitMs });
  brokerHolder.broker = broker;
  world.addEndpoint(broker);
  const clientEndpoints: Endpoint[] = clients.map((_, index) => ({ name: `client-${index}`, address: starts.length + 1 + index, alive: () => true, handlers: new Map() }));
  for (const endpoint of clientEndpoints) world.addEndpoint(endpoint);

  const names = starts.map((entry) => entry.name);
  const drawn = drawFaults(faultRandom, definition.faults ?? {}, names, durationMs);
  const schedule = options.schedule ?? drawn;
  const keptFaults = options.keepFaults ?? schedule.map((_, index) => index);
  for (const index of keptFaults) if (!(Number.isSafeInteger(index) && index >= 0 && index < schedule.length)) throw invalidOption('keepFaults', index, `an index into the seed's ${schedule.length} faults`);
  const magnitudes = options.magnitudes ?? {};
  for (const key of Object.keys(magnitudes)) {
    const index = Number(key);
    if (!(Number.isSafeInteger(index) && index >= 0 && index < schedule.length)) throw invalidOption('magnitudes', key, `an index into the seed's ${schedule.length} faults`);
  }
  const active = keptFaults.map((index) => {
    const fault = schedule[index] as WorldFault;
    const magnitude = magnitudes[index];
    return magnitude === undefined ? fault : withMagnitude(fault, magnitude);
  });
  for (const fault of active) {
    if ((fault.kind === 'crash' || fault.kind === 'clock-skew') && !processes.has(fault.process)) throw invalidOption('schedule[].process', fault.process, `a process of the world (${names.join(', ')})`);
  }
  world.connect(starts.length + 1, active);

  const maxDriftPpm = definition.faults?.maxDriftPpm ?? 100;
  if (!(maxDriftPpm >= 0 && maxDriftPpm < 500_000)) throw invalidOption('faults.maxDriftPpm', maxDriftPpm, 'a number of ppm in 0..500000');
  const driftPpm: Record<string, number> = {};
  for (const process of processes.values()) {
    const ppm = Math.round((driftRandom.float() * 2 - 1) * maxDriftPpm * 10) / 10;
    driftPpm[process.name] = ppm;
    process.clock.setDrift(0, ppm * 1e-6);
  }

  const registry = new WorldRegistry(new MemoryRegistry({ runtime: world.runtime }));
  const cacheTiers = new Map<string, MemoryTier>();
  const sharedTier = (name: string): MemoryTier => {
    let tier = cacheTiers.get(name);
    if (tier === undefined) cacheTiers.set(name, (tier = new MemoryTier({ runtime: world.runtime })));
    return tier;
  };
  let crashes = 0;

  const startProcess = (process: WorldProcess): void => {
    if (process.up) return;
    process.up = true;
    process.incarnation++;
    process.random = process.random.fork();
    const incarnation = process.incarnation;
    const alive = (): boolean => process.up && process.incarnation === incarnation;
    const runtime = world.endpointRuntime(alive, () => process.clock.readMs(world.now), () => process.clock.monotonicMs(world.now), process.random.fork(), (ms) => process.clock.toVirtualDelay(ms));
    const storage: StorageIo = {
      nowMs: () => runtime.clock.nowMs(),
      alive,
      io: <T>(work: () => T | Promise<T>): Promise<T> =>
        new Promise<T>((resolve, reject) => {
          world.schedule(world.now + world.storageLatencyMs, () => {
            if (!alive()) return; // crashed before the commit: nothing of it is kept
            try {
              Promise.resolve(work()).then(resolve, reject);
            } catch (error) {
              reject(error);
            }
          });
        }),
    };
    const context: ProcessContext = {
      name: process.name,
      incarnation: process.incarnation,
      runtime,
      serve: (method, handler) => {
        if (alive()) process.handlers.set(method, handler);
      },
      call: <T>(target: string, method: string, payload?: unknown, callOptions?: CallOptions) => world.call(process, runtime, target, method, payload, callOptions) as Promise<T>,
      database: (name = 'main') => new WorldDatabase(databaseFiles(process, name), storage),
      sagaStore: (name = 'sagas') => durableStore(sagaFiles(process, name), storage, ['commit', 'load', 'list', 'dueTimers', 'timers', 'deadLetters', 'counts']),
      eventStore: (name = 'events') =>
        durableStore(durable(process, `events:${name}`, () => new MemoryEventStore({ runtime: processRuntime(process) })), storage, [
          'append',
          'readStream',
          'streamVersion',
          'readAll',
          'headCursor',
          'saveSnapshot',
          'loadSnapshot',
          'loadCheckpoint',
          'commit',
          'listParked',
          'transaction',
        ], ['onAppend']),
      cacheTier: (name = 'cache') =>
        durableStore(sharedTier(name), storage, ['get', 'set', 'delete', 'expire', 'deleteTag', 'expireTag', 'deletePrefix', 'expirePrefix', 'clear', 'fence', 'getWithFence'] as never) as CacheTier,
      bus: (busOptions) => new WorldBus(world, broker, process, runtime, busOptions),
      registry: registry.forProcess(() => broker.alive() && world.linked(process, broker), runtime, alive),
      log: (text) => world.trace(`${process.name}: ${text}`),
    };
    world.trace(`start ${process.name} (incarnation ${incarnation})`);
    let started: unknown;
    try {
      started = process.start(context as never);
    } catch (error) {
      started = Promise.reject(error);
    }
    Promise.resolve(started).catch((error: unknown) => {
      if (!alive()) return;
      world.trace(`${process.name}: start-up failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}; restarting in 500 ms`);
      crash(process);
      world.schedule(world.now + 500, () => startProcess(process));
    });
  };
  const processRuntimes = new Map<WorldProcess, Runtime>();
  function processRuntime(process: WorldProcess): Runtime {
    let runtime = processRuntimes.get(process);
    if (runtime === undefined) {
      runtime = world.endpointRuntime(() => process.up, () => process.clock.readMs(world.now), () => process.clock.monotonicMs(world.now), process.random.fork(), (ms) => process.clock.toVirtualDelay(ms));
      processRuntimes.set(process, runtime);
    }
    return runtime;
  }
  const crash = (process: WorldProcess): void => {
    if (!process.up) return;
    process.up = false;
    process.incarnation++; // every timer, call and storage commit of the old incarnation dies
    process.handlers.clear();
    process.subscriptionHandlers.clear();
    crashes++;
  };

  // Faults.
  const partitions: Array<ReadonlyArray<readonly string[]>> = [];
  const applyPartitions = (): void => {
    world.heal();
    for (const groups of partitions) world.partition(groups);
    registry.reachabilityChanged();
  };
  let faulty = true;
  for (const fault of active) {
    switch (fault.kind) {
      case 'crash': {
        const process = processes.get(fault.process) as WorldProcess;
        world.schedule(fault.atMs, () => {
          if (!faulty || !process.up) return;
          world.trace(`fault: ${describeWorldFault(fault)}`);
          crash(process);
          world.schedule(fault.atMs + fault.downMs, () => {
            if (faulty) startProcess(process);
          });
        });
        break;
      }
      case 'broker-crash':
        world.schedule(fault.atMs, () => {
          if (!faulty || !broker.alive()) return;
          world.trace(`fault: ${describeWorldFault(fault)}`);
          broker.crash();
          registry.reachabilityChanged();
          world.schedule(fault.atMs + fault.downMs, () => {
            if (!faulty) return;
            broker.restart();
            registry.reachabilityChanged();
          });
        });
        break;
      case 'partition':
        world.schedule(fault.atMs, () => {
          if (!faulty) return;
          world.trace(`fault: ${describeWorldFault(fault)}`);
          partitions.push(fault.groups);
          applyPartitions();
          world.schedule(fault.atMs + fault.durationMs, () => {
            const index = partitions.indexOf(fault.groups);
            if (index < 0) return;
            partitions.splice(index, 1);
            world.trace(`heal partition ${fault.groups.map((group) => `{${group.join(', ')}}`).join(' | ')}`);
            applyPartitions();
          });
        });
        break;
      case 'clock-skew':
        world.schedule(fault.atMs, () => {
          world.trace(`fault: ${describeWorldFault(fault)}`);
          (processes.get(fault.process) as WorldProcess).clock.adjust(world.now, fault.deltaMs);
        });
        break;
      case 'loss':
      case 'duplicate':
        break; // the faulty network carries them
      default:
        throw new RangeError(`unknown fault kind ${JSON.stringify((fault as { kind?: unknown }).kind)}`);
    }
  }
  world.schedule(durationMs, () => {
    faulty = false;
    partitions.length = 0;
    world.quiet();
    world.trace('heal: faults end, crashed processes restart');
    broker.restart();
    registry.reachabilityChanged();
    for (const process of processes.values()) if (!process.up) startProcess(process);
  });

  // Processes and clients start at time 0.
  for (const process of processes.values()) world.schedule(0, () => startProcess(process));
  clientEndpoints.forEach((endpoint, index) => {
    const runtime = world.endpointRuntime(() => true, () => world.now, () => world.now, clientRandom.fork());
    const client: WorldClient = {
      index,
      runtime,
      random: runtime.random,
      call: <T>(target: string, method: string, payload?: unknown, callOptions?: CallOptions) => world.call(endpoint, runtime, target, method, payload, callOptions) as Promise<T>,
      sleep: (delayMs) => runtime.sleep(delayMs),
    };
    const run = clients[index] as (c: WorldClient) => Promise<void>;
    world.schedule(0, () => {
      Promise.resolve()
        .then(() => run(client))
        .catch((error: unknown) => world.trace(`client-${index} failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`));
    });
  });

  // Invariants.
  const violations: WorldViolation[] = [];
  const reached = new Map<string, boolean>(sometimes.map(({ name }) => [name, false]));
  const verdictText = (verdict: boolean | string): string | undefined => (verdict === true ? undefined : verdict === false ? 'does not hold' : String(verdict));
  const thrown = (error: unknown): string => `the check threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  const evaluate = (invariant: Invariant): string | undefined => {
    try {
      const verdict = invariant.check();
      if (verdict instanceof Promise) throw new TypeError(`always(${JSON.stringify(invariant.name)}) must check synchronously`);
      return verdictText(verdict);
    } catch (error) {
      return thrown(error);
    }
  };
  const evaluateAtEnd = async (invariant: Invariant): Promise<string | undefined> => {
    try {
      return verdictText(await invariant.check());
    } catch (error) {
      return thrown(error);
    }
  };
  const lookSometimes = (): void => {
    for (const entry of sometimes) {
      if (reached.get(entry.name) === true) continue;
      let hit = false;
      try {
        hit = entry.check() === true;
      } catch {
        hit = false;
      }
      if (hit) {
        reached.set(entry.name, true);
        world.trace(`sometimes reached: ${entry.name}`);
      }
    }
  };
  world.afterStep = () => {
    lookSometimes();
    for (const invariant of always) {
      const message = evaluate(invariant);
      if (message !== undefined) {
        violations.push({ invariant: invariant.name, kind: 'always', atMs: world.now, message });
        world.trace(`always violated: ${invariant.name}: ${message}`);
        return false;
      }
    }
    return true;
  };

  const endMs = durationMs + quiesceMs;
  // A rejection nobody handles would crash a Node service (Node >= 15): the run reports it and stops.
  const onUnhandled = (reason: unknown): void => {
    if (violations.length > 0) return;
    const message = `a promise rejection nobody handled (Node would crash the process): ${reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason)}`;
    violations.push({ invariant: 'no unhandled rejection', kind: 'always', atMs: world.now, message });
    world.trace(`always violated: no unhandled rejection: ${message}`);
    world.stop();
  };
  process.on('unhandledRejection', onUnhandled);
  try {
    await world.runUntil(endMs, maxSteps);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  if (violations.length === 0 && world.steps >= maxSteps) {
    violations.push({ invariant: 'step limit', kind: 'step-limit', atMs: world.now, message: `the run reached maxSteps (${maxSteps}) before ${endMs} ms: a busy loop?` });
  }
  if (violations.length === 0) {
    lookSometimes();
    for (const invariant of eventually) {
      const message = await evaluateAtEnd(invariant);
      if (message !== undefined) {
        violations.push({ invariant: invariant.name, kind: 'eventually', atMs: world.now, message });
        world.trace(`eventually violated: ${invariant.name}: ${message}`);
      }
    }
  }
  const crashCount = crashes + broker.crashes;
  // Stop whatever still runs: nothing of this run may act after it returns.
  for (const process of processes.values()) crash(process);
  world.stop();
  return {
    kind: 'world',
    world: definition.name,
    seed: options.seed,
    verdict: violations.length === 0 ? 'ok' : 'violated',
    violations,
    sometimes: Object.fromEntries(reached),
    driftPpm,
    schedule,
    keptFaults: [...keptFaults],
    ...(options.magnitudes === undefined ? {} : { magnitudes: { ...options.magnitudes } }),
    steps: world.steps,
    virtualMs: world.now,
    messagesSent: world.messagesSent,
    messagesDropped: world.messagesDropped,
    crashes: crashCount,
    traceSha256: world.traceSha256(),
    traceTail: [...world.traceTail()],
    ...(world.fullTrace === undefined ? {} : { trace: world.fullTrace }),
  };
}

function sagaFiles(process: WorldProcess, name: string): MemorySagaStore {
  return durable(process, `saga:${name}`, () => new MemorySagaStore());
}

function databaseFiles(process: WorldProcess, name: string): DatabaseFiles {
  return durable(process, `database:${name}`, () => new DatabaseFiles());
}

function durable<T>(process: WorldProcess, key: string, create: () => T): T {
  let value = process.durable.get(key) as T | undefined;
  if (value === undefined) process.durable.set(key, (value = create()));
  return value;
}
