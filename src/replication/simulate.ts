import { checkHistory, type CheckBudget, type CheckResult, type ConsistencyName } from '../check/index.js';
import { invalidOption } from '../errors.js';
import type { ProtocolModel } from '../sim/protocol.js';
import { type RunOptions, type RunResult, runSimulation } from '../sim/simulation.js';
import { type LeaderFollowerOptions, LeaderFollowerProtocol } from './leader-follower.js';
import { type LeaderlessOptions, LeaderlessProtocol } from './leaderless.js';
import { type RaftOptions, RaftProtocol } from './raft.js';
import { type MultiLeaderOptions, MultiLeaderProtocol } from './multi-leader.js';

/**
 * Which protocol to simulate, with its settings (these map one to one from a design's choices).
 *
 * @example
 * ```ts
 * const dynamo: ProtocolOptions = { kind: 'leaderless', n: 3, w: 2, r: 2, readRepair: true };
 * const mysql: ProtocolOptions = { kind: 'leader-follower', mode: 'semi-synchronous', replicas: 3, synchronousAcks: 1 };
 * ```
 */
export type ProtocolOptions =
  | ({ readonly kind: 'leaderless' } & LeaderlessOptions)
  | ({ readonly kind: 'leader-follower' } & LeaderFollowerOptions)
  | ({ readonly kind: 'raft' } & RaftOptions)
  | ({ readonly kind: 'multi-leader' } & MultiLeaderOptions);

/**
 * What a run claims, and so what it checks.
 *
 * @example
 * ```ts
 * const durableOnly: ClaimOptions = { consistency: 'none', noLostWrites: true };
 * ```
 */
export interface ClaimOptions {
  /** The consistency model the history must satisfy. Default `linearizable`; `none` checks nothing. */
  readonly consistency?: ConsistencyName | 'none';
  /** Whether losing an acknowledged write breaks the claim. Default true. */
  readonly noLostWrites?: boolean;
  /**
   * Whether an acknowledged register write that a concurrent write won over (last writer wins)
   * is an accepted cost rather than a lost write. Default false: it counts as lost.
   */
  readonly acceptConcurrentDiscards?: boolean;
  /**
   * Whether every replica must hold the same value once the faults heal and the cluster settles
   * (for models that expose their replicas). Default true for multi-leader, false otherwise.
   */
  readonly convergence?: boolean;
  /** The checker's budget (the verdict becomes `unknown` when it runs out). Default: 20 million steps. */
  readonly budget?: CheckBudget;
}

/**
 * Options of {@link simulate}.
 *
 * @example
 * ```ts
 * const options: SimulateOptions = {
 *   seed: 7,
 *   protocol: { kind: 'leaderless', n: 3, w: 2, r: 2, writeBackOnRead: true },
 *   workload: { operations: 2_000, clients: 5 },
 *   faults: { random: { kinds: ['partition'] } },
 * };
 * ```
 */
export interface SimulateOptions extends Omit<RunOptions, 'protocol'> {
  readonly protocol: ProtocolOptions;
  readonly claim?: ClaimOptions;
  /** Called once the run is over, before the checker reads its history (a progress display names the phase). */
  readonly onCheck?: (phase: { readonly consistency: ConsistencyName; readonly operations: number }) => void;
}

/**
 * A run's measurements, the checker's verdict, and the overall verdict on the claim.
 *
 * @example
 * ```ts
 * const report: SimulationReport = simulate({ seed: 1, protocol: { kind: 'leaderless', n: 3, w: 2, r: 2 } });
 * if (report.verdict === 'violated') console.log(report.findings.join('\n'));
 * ```
 */
export interface SimulationReport extends RunResult {
  /** The protocol's resolved settings. */
  readonly protocol: Readonly<Record<string, unknown>>;
  /** What each of `protocolStats` means. */
  readonly protocolStatDescriptions: Readonly<Record<string, string>>;
  readonly claim: { readonly consistency: ConsistencyName | 'none'; readonly noLostWrites: boolean };
  /** The consistency checker's result (absent when the claim checks none). */
  readonly check?: CheckResult;
  /** `holds` when every claimed property holds, `violated` when one does not, `unknown` when the checker ran out of budget or no operation completed. */
  readonly verdict: 'holds' | 'violated' | 'unknown';
  /** Why the verdict is not `holds`, one sentence each. */
  readonly findings: readonly string[];
}

/**
 * Builds the protocol model for `options`.
 *
 * @example
 * ```ts
 * createProtocol({ kind: 'leaderless', n: 5, w: 3, r: 3 }).nodeCount; // 5
 * ```
 */
export function createProtocol(options: ProtocolOptions): ProtocolModel {
  switch (options.kind) {
    case 'leaderless':
      return new LeaderlessProtocol(options);
    case 'leader-follower':
      return new LeaderFollowerProtocol(options);
    case 'raft':
      return new RaftProtocol(options);
    case 'multi-leader':
      return new MultiLeaderProtocol(options);
    default:
      throw invalidOption('protocol.kind', (options as { kind: unknown }).kind, 'leaderless, leader-follower, raft or multi-leader');
  }
}

/**
 * Simulates a replication protocol under a workload and faults, deterministically from `seed`,
 * then checks the recorded history against the claim (linearizability and no lost acknowledged
 * writes, by default).
 *
 * @example
 * ```ts
 * import { simulate } from 'pacelc/replication';
 * const report = simulate({ seed: 7, protocol: { kind: 'leaderless', n: 3, w: 1, r: 1 }, faults: { random: { kinds: ['partition'] } } });
 * report.verdict;               // 'violated'
 * report.freshness.staleReads;  // how many reads missed an acknowledged write
 * ```
 */
export function simulate(options: SimulateOptions): SimulationReport {
  const protocol = createProtocol(options.protocol);
  const consistency = options.claim?.consistency ?? 'linearizable';
  const noLostWrites = options.claim?.noLostWrites ?? true;
  const { claim: _claim, protocol: _protocol, onCheck, ...rest } = options;
  const convergence = options.claim?.convergence ?? protocol.name === 'multi-leader';
  const run = runSimulation({ ...rest, protocol, keepHistory: consistency !== 'none' || options.keepHistory === true, ...(convergence ? { audit: true } : {}) });
  const findings: string[] = [];
  let verdict: SimulationReport['verdict'] = 'holds';
  let check: CheckResult | undefined;
  const data = run.data;
  const register = data === undefined || data.dataType === 'register';
  if (consistency !== 'none' && !register && data !== undefined) {
    const session = (data.sessions as Record<string, { violations: number; first?: string } | undefined>)[consistency];
    if (session === undefined) {
      verdict = 'unknown';
      findings.push(`no ${consistency} checker for a ${data.dataType}: only session guarantees are checked on sets and logs`);
    } else if (session.violations > 0) {
      verdict = 'violated';
      findings.push(`${consistency} broken ${session.violations} time${session.violations === 1 ? '' : 's'}, first: ${session.first ?? ''}`);
    }
  }
  if (consistency !== 'none' && register && run.history !== undefined) {
    onCheck?.({ consistency, operations: run.totals.invoked });
    check = checkHistory(run.history, { model: 'cas-register', consistency, budget: options.claim?.budget ?? { maxSteps: 20_000_000 } });
    if (check.verdict === 'violated') {
      verdict = 'violated';
      findings.push(`the history is not ${consistency}${check.violatedKeys === undefined ? '' : ` (keys ${check.violatedKeys.join(', ')})`}`);
    } else if (check.verdict === 'unknown') {
      verdict = 'unknown';
      findings.push(`the checker could not decide: ${check.reason ?? 'budget exhausted'}`);
    }
  }
  for (const broken of protocol.safetyViolations?.() ?? []) {
    verdict = 'violated';
    findings.push(broken);
  }
  if (data !== undefined) {
    if (convergence && data.converged === false) {
      verdict = 'violated';
      const first = data.divergent[0];
      findings.push(`the replicas did not converge after the faults healed and the cluster settled${first === undefined ? '' : `: ${first.key} holds ${first.values.map((value) => JSON.stringify(value)).join(' / ')}`}`);
    }
    const judged = protocol.explainAbsent !== undefined || !register;
    if (noLostWrites && judged && data.lost > 0) {
      verdict = 'violated';
      const first = data.examples.find((example) => example.why !== 'discarded-concurrent');
      findings.push(`${data.lost} acknowledged write${data.lost === 1 ? ' was' : 's were'} lost${first === undefined ? '' : `, first: ${first.key} ${first.f} ${JSON.stringify(first.value)}: ${first.reason}`}`);
    }
    if (noLostWrites && judged && data.discardedConcurrent > 0 && options.claim?.acceptConcurrentDiscards !== true) {
      verdict = 'violated';
      const first = data.examples.find((example) => example.why === 'discarded-concurrent');
      findings.push(`${data.discardedConcurrent} acknowledged write${data.discardedConcurrent === 1 ? ' was' : 's were'} dropped by the conflict resolution${first === undefined ? '' : `, first: ${first.key} = ${JSON.stringify(first.value)}: ${first.reason}`}`);
    }
    if (noLostWrites && !judged && run.freshness.lostWrites > 0) {
      verdict = 'violated';
      findings.push(`${run.freshness.lostWrites} acknowledged write${run.freshness.lostWrites === 1 ? ' was' : 's were'} lost`);
    }
  } else if (noLostWrites && run.freshness.lostWrites > 0) {
    verdict = 'violated';
    findings.push(`${run.freshness.lostWrites} acknowledged write${run.freshness.lostWrites === 1 ? ' was' : 's were'} lost`);
  }
  if (verdict === 'holds' && run.totals.ok === 0) {
    // Nothing completed (absurd latency, every node down, no operations): no claim was tested.
    verdict = 'unknown';
    findings.push(`no operation completed (0 of ${run.totals.invoked} invoked): a run that completed nothing proves nothing`);
  }
  const history = options.keepHistory === false ? undefined : run.history;
  const { history: _history, ...measured } = run;
  return {
    ...measured,
    ...(history === undefined ? {} : { history }),
    protocol: protocol.parameters,
    protocolStatDescriptions: protocol.statDescriptions ?? {},
    claim: { consistency, noLostWrites },
    ...(check === undefined ? {} : { check }),
    verdict,
    findings,
  };
}
