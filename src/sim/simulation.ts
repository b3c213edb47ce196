import type { HistoryEvent } from '../check/history.js';
import { invalidOption } from '../errors.js';
import { booleanOptions, numberOption, optionalFunction } from '../options.js';
import { Random } from '../runtime/random.js';
import { type DataAudit, auditData } from './data-audit.js';
import { type RandomFaults, type ScheduledFault, resolveRandomFaults } from './fault.js';
import { type FreshnessReport, FreshnessTracker } from './freshness.js';
import { Kernel, type TraceSink } from './kernel.js';
import type { MessageLog } from './message-log.js';
import { Nemesis } from './nemesis.js';
import { type NetworkDescription, type NetworkOptions, describeNetwork } from './network.js';
import type { ProtocolModel } from './protocol.js';
import { type FaultWindowReport, type OperationStats, RunMetrics } from './run-metrics.js';
import { type ResolvedWorkload, Workload, type WorkloadOptions, resolveWorkload } from './workload.js';

/**
 * Faults for a run: a fixed schedule, faults drawn from the seed, or both.
 *
 * @example
 * ```ts
 * const faults: FaultOptions = { schedule: [{ atMs: 200, durationMs: 1_000, fault: { kind: 'isolate', node: 0 } }], random: { kinds: ['crash'] } };
 * ```
 */
export interface FaultOptions {
  readonly schedule?: readonly ScheduledFault[];
  readonly random?: RandomFaults;
}

/**
 * Options of {@link runSimulation}: a protocol model, and what the world does to it.
 *
 * @example
 * ```ts
 * const run = runSimulation({ seed: 7, protocol: new LeaderlessProtocol({ n: 3, w: 2, r: 2 }), workload: { operations: 500 } });
 * ```
 */
export interface RunOptions {
  /** The one seed every random choice of the run derives from. */
  readonly seed: number;
  readonly protocol: ProtocolModel;
  readonly workload?: WorkloadOptions;
  readonly network?: NetworkOptions;
  readonly faults?: FaultOptions;
  /** After the workload: faults end and the cluster runs this long with no clients, so it can converge. Default 2000 ms. */
  readonly settleMs?: number;
  /** Keep the history (memory grows with the run). Default true. */
  readonly keepHistory?: boolean;
  /** Receives every trace line (deliveries, timers, faults). */
  readonly trace?: TraceSink;
  /** Compute the SHA-256 of the trace (the run's fingerprint). Default false. */
  readonly hashTrace?: boolean;
  /** A safety stop in virtual time. Default 24 hours. */
  readonly maxDurationMs?: number;
  /** Called now and then with the share of operations completed (0..1). */
  readonly onProgress?: (fraction: number) => void;
  /**
   * Audit the settled run by data type (see `RunResult.data`). Default: when the workload is not
   * a register, or the model explains absent writes (multi-leader).
   */
  readonly audit?: boolean;
  /** Records a window of the run's messages (the HTML reports' Lamport diagram); none without it. */
  readonly messageLog?: MessageLog;
}

/**
 * What {@link runSimulation} measured.
 *
 * @example
 * ```ts
 * const { totals, freshness, faultsInjected } = runSimulation({ seed: 1, protocol });
 * ```
 */
export interface RunResult {
  readonly seed: number;
  readonly workload: ResolvedWorkload;
  /** The network as simulated, every default made explicit. */
  readonly network: NetworkDescription;
  /** The drawn-fault settings, every default made explicit (absent when no fault is drawn). */
  readonly randomFaults?: Required<RandomFaults>;
  readonly settleMs: number;
  /** Every fault injected, with the parameters drawn for it. */
  readonly faultsInjected: readonly ScheduledFault[];
  readonly faultWindows: readonly FaultWindowReport[];
  readonly operations: Readonly<Record<string, OperationStats>>;
  readonly totals: ReturnType<RunMetrics['totals']>;
  readonly freshness: FreshnessReport;
  readonly protocolStats: Readonly<Record<string, number>>;
  /** Samples the protocol measured (e.g. `electionMs`), by name. */
  readonly protocolDistributions: Readonly<Record<string, readonly number[]>>;
  /** What the protocol's nodes drew from the seed (election timeouts...), by name. */
  readonly protocolDrawn: Readonly<Record<string, string>>;
  readonly events: { readonly processed: number; readonly messagesSent: number; readonly messagesDropped: number };
  /** Virtual time at the end of the workload and at the end of the settle period. */
  readonly workloadEndMs: number;
  readonly endMs: number;
  readonly history?: readonly HistoryEvent[];
  /**
   * The audit by data type (convergence, lost writes per type, session guarantees on sets and
   * logs), when the workload is not a plain register or the model tells what each replica holds.
   */
  readonly data?: DataAudit;
  readonly traceSha256?: string;
  /** Whether the workload finished (false only when `maxDurationMs` stopped the run). */
  readonly completed: boolean;
}

/**
 * Runs one deterministic simulation: builds the kernel with the protocol's nodes and the
 * workload's clients, injects faults, runs the workload, heals everything, lets the cluster
 * settle, and measures. The same options give the same result and the same trace, byte for byte.
 *
 * @example
 * ```ts
 * import { runSimulation } from 'pacelc/sim';
 * import { LeaderlessProtocol } from 'pacelc/replication';
 * const run = runSimulation({ seed: 7, protocol: new LeaderlessProtocol({ n: 3, w: 1, r: 1 }), workload: { operations: 2_000 } });
 * run.freshness.staleReads;
 * ```
 */
export function runSimulation(options: RunOptions): RunResult {
  const { seed, protocol } = options;
  if (!Number.isSafeInteger(seed) || seed < 0) throw invalidOption('seed', seed, 'a safe integer >= 0');
  const settleMs = options.settleMs ?? 2000;
  if (!(settleMs >= 0) || !Number.isFinite(settleMs)) throw invalidOption('settleMs', settleMs, 'a number of ms >= 0');
  const maxDurationMs = numberOption('maxDurationMs', options.maxDurationMs, 24 * 3_600_000, { min: 0, exclusiveMin: true, max: Number.MAX_SAFE_INTEGER });
  booleanOptions(options, ['keepHistory', 'hashTrace', 'audit']);
  optionalFunction('onProgress', options.onProgress);
  optionalFunction('trace', options.trace);
  const workloadOptions = resolveWorkload(options.workload);
  const root = new Random(seed);
  const kernelRandom = root.fork();
  const workloadRandom = root.fork();
  const nemesisRandom = root.fork();
  const kernel = new Kernel({
    random: kernelRandom,
    nodeCount: protocol.nodeCount,
    clientCount: workloadOptions.clients,
    ...(options.network === undefined ? {} : { network: options.network }),
    ...(options.trace === undefined ? {} : { trace: options.trace }),
    hashTrace: options.hashTrace ?? false,
    ...(options.messageLog === undefined ? {} : { messageLog: options.messageLog }),
  });
  const metrics = new RunMetrics();
  const freshness = new FreshnessTracker();
  const audited = options.audit ?? (workloadOptions.dataType !== 'register' || protocol.explainAbsent !== undefined);
  const keepHistory = options.keepHistory ?? true;
  const workload = new Workload({ options: workloadOptions, protocol, metrics, freshness, keepHistory: keepHistory || audited, random: workloadRandom, onDone: () => kernel.stop() });
  for (let node = 0; node < protocol.nodeCount; node++) kernel.addNode(protocol.nodeFactory(node));
  for (let client = 0; client < workloadOptions.clients; client++) kernel.addNode(workload.clientFactory(client));
  const nemesis = new Nemesis({
    kernel,
    metrics,
    random: nemesisRandom,
    ...(options.faults?.schedule === undefined ? {} : { schedule: options.faults.schedule }),
    ...(options.faults?.random === undefined ? {} : { randomFaults: options.faults.random }),
  });
  kernel.note(`start seed=${seed} protocol=${JSON.stringify(protocol.parameters)}`);
  nemesis.start();
  kernel.start();
  const onProgress = options.onProgress;
  const total = Math.max(1, workloadOptions.operations);
  if (workloadOptions.operations > 0) kernel.runUntil(maxDurationMs, onProgress === undefined ? undefined : () => onProgress(workload.completed / total));
  const completed = workload.done;
  const workloadEndMs = kernel.nowMs;
  metrics.closeAll(workloadEndMs);
  nemesis.stopAndHeal();
  kernel.note('settle');
  kernel.runUntil(workloadEndMs + settleMs);
  freshness.finish(
    (key) => protocol.finalValue(kernel, key)?.value ?? null,
    protocol.missingWrites?.(kernel),
  );
  const data = audited
    ? auditData({
        dataType: workloadOptions.dataType,
        history: workload.history ?? [],
        clients: workloadOptions.clients,
        ...(protocol.replicaValues === undefined ? {} : { replicaValues: (key: string) => protocol.replicaValues?.(kernel, key) ?? [] }),
        ...(protocol.explainAbsent === undefined ? {} : { explainAbsent: (key: string, values: readonly unknown[]) => protocol.explainAbsent?.(kernel, key, values) ?? new Map() }),
        guarantees: ['read-your-writes', 'monotonic-reads', 'monotonic-writes', 'writes-follow-reads'],
      })
    : undefined;
  onProgress?.(1);
  const traceSha256 = kernel.traceSha256();
  return {
    seed,
    workload: workloadOptions,
    network: describeNetwork(options.network ?? {}),
    ...(options.faults?.random === undefined ? {} : { randomFaults: resolveRandomFaults(options.faults.random) }),
    settleMs,
    faultsInjected: nemesis.injected,
    faultWindows: metrics.faultWindows(),
    operations: metrics.operations(),
    totals: metrics.totals(),
    freshness: freshness.report(),
    protocolStats: protocol.stats(),
    protocolDistributions: protocol.distributions?.() ?? {},
    protocolDrawn: protocol.drawnParameters?.() ?? {},
    events: { processed: kernel.eventsProcessed, messagesSent: kernel.messagesSent, messagesDropped: kernel.messagesDropped },
    workloadEndMs: round(workloadEndMs),
    endMs: round(kernel.nowMs),
    ...(workload.history === undefined || !keepHistory ? {} : { history: workload.history }),
    ...(data === undefined ? {} : { data }),
    ...(traceSha256 === undefined ? {} : { traceSha256 }),
    completed,
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
