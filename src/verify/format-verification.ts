import type { ProtocolOptions } from '../replication/index.js';
import { describeFault } from '../sim/fault.js';
import type { EntityPlan } from './plan.js';
import type { EntityVerdict, EntityVerification, VerificationReport } from './verify-design.js';

const colours: Record<EntityVerdict, string> = { holds: '32', violated: '31', unknown: '33', 'not-modelled': '90', measured: '36' };

/**
 * The verification report as text for a terminal (ANSI colour when `color`).
 *
 * @example
 * ```ts
 * process.stdout.write(formatVerification(verifyDesign(design, { seeds: 3 }), { color: false }));
 * ```
 */
export function formatVerification(report: VerificationReport, options: { readonly color: boolean }): string {
  const paint = (verdict: EntityVerdict, text: string): string => (options.color ? `\u001b[${colours[verdict]}m${text}\u001b[0m` : text);
  const { settings } = report;
  const lastSeed = settings.firstSeed + settings.seeds - 1;
  const lines = [
    `pacelc verify: ${report.system}`,
    `${settings.seeds} simulated run${settings.seeds === 1 ? '' : 's'} per entity (seeds ${settings.firstSeed}–${lastSeed}), ${settings.operations} operations from ${settings.clients} clients each, faults: ${settings.faults.join(', ')}`,
    '',
  ];
  for (const entity of report.entities) {
    lines.push(`${paint(entity.verdict, entity.verdict.toUpperCase().padEnd(12))} ${entity.entity}`);
    lines.push(`  claim:    ${describeClaim(entity.plan)}`);
    lines.push(`  model:    ${entity.plan.protocol === undefined ? 'none' : describeProtocol(entity.plan.protocol)}`);
    for (const part of entity.plan.modelled) lines.push(`  modelled: ${part}`);
    for (const part of entity.plan.assumed) lines.push(`  assumed:  ${part}`);
    if (entity.checked.length > 0) lines.push(`  checked:  ${entity.checked.join('; ')}`);
    for (const part of entity.notChecked) lines.push(`  not judged: ${part}`);
    if (entity.runs.length > 0) lines.push(`  measured: ${describeRuns(entity)}`);
    if (entity.elections !== undefined) lines.push(`  elections: ${describeSamples(entity.elections, 'ms')}`);
    for (const [fault, samples] of Object.entries(entity.unavailabilityByFault ?? {})) lines.push(`  unavailable during ${fault}: ${describeSamples(samples, '%')}`);
    for (const note of entity.notes) lines.push(`  note:     ${note}`);
    const violation = entity.firstViolation;
    if (violation !== undefined) {
      lines.push(`  refuted by seed ${violation.seed}:`);
      for (const finding of violation.findings) lines.push(`    - ${finding}`);
      const failedCheck = violation.checks.find((check) => check.verdict === 'violated')?.consistency;
      if (entity.plan.protocol !== undefined) lines.push(`  replay:   ${replayCommand(entity.plan, violation.seed, settings, failedCheck)}`);
    }
    for (const run of entity.runs.filter((candidate) => candidate.verdict === 'unknown').slice(0, 3)) {
      lines.push(`  seed ${run.seed} undecided: ${run.findings.join('; ')}`);
    }
    lines.push('');
  }
  const counts = new Map<EntityVerdict, number>();
  for (const entity of report.entities) counts.set(entity.verdict, (counts.get(entity.verdict) ?? 0) + 1);
  const tally = [...counts].map(([verdict, count]) => `${count} ${verdict}`).join(', ');
  const stopped = report.stopped;
  if (stopped !== undefined) {
    const notRun = stopped.entitiesNotRun.length === 0 ? '' : `; not run: ${stopped.entitiesNotRun.join(', ')}`;
    lines.push(`stopped at the first refutation (--fail-fast) after ${stopped.runsDone} of ${stopped.runsPlanned} runs${notRun}`);
  }
  lines.push(`verdict: ${paint(report.verdict, report.verdict)} (${tally})`);
  return `${lines.join('\n')}\n`;
}

function describeClaim(plan: EntityPlan): string {
  const parts: string[] = [plan.claim.consistency];
  if (plan.claim.stalenessBoundMs !== undefined) parts[0] = `bounded staleness ≤ ${plan.claim.stalenessBoundMs} ms`;
  if (plan.claim.noLostAcknowledgedWrites) parts.push('no acknowledged write lost (RPO 0)');
  return parts.join(', ');
}

/** A one-line description of a protocol's settings. */
export function describeProtocol(protocol: ProtocolOptions): string {
  if (protocol.kind === 'multi-leader') {
    const extras = [
      protocol.dataType ?? '',
      protocol.conflictResolution === 'last-writer-wins' ? `LWW on ${protocol.lwwClock === 'physical' ? 'each node’s clock' : 'an HLC'}` : protocol.conflictResolution,
      protocol.causalDelivery === true ? 'causal delivery' : '',
      protocol.sessionTokens === true ? 'session tokens' : 'sticky sessions',
      protocol.durability ?? 'fsync-per-write',
    ].filter(Boolean);
    return `multi-leader, ${protocol.regions ?? 3} regions (${extras.join(', ')})`;
  }
  if (protocol.kind === 'leaderless') {
    const extras = [
      protocol.readRepair === true ? 'read repair' : '',
      protocol.writeBackOnRead === true ? 'ABD write-back' : '',
      protocol.sloppyQuorum === true ? 'sloppy quorum' : '',
      (protocol.antiEntropyIntervalMs ?? 0) > 0 ? 'anti-entropy' : '',
      protocol.dataType === 'counter' ? `counters: ${protocol.counterMerge === 'pn-counter' ? 'PN-counter CRDT' : 'last-writer-wins'}` : '',
    ].filter(Boolean);
    return `leaderless N=${protocol.n} W=${protocol.w} R=${protocol.r}${extras.length > 0 ? ` (${extras.join(', ')})` : ''}`;
  }
  if (protocol.kind === 'raft') {
    const reads = protocol.reads === 'lease' ? 'lease reads' : protocol.reads === 'local' ? 'local leader reads' : 'ReadIndex reads';
    return `raft (consensus failover: elections, majority commit), ${protocol.replicas} nodes, ${reads}${protocol.preVote === true ? ', pre-vote' : ''}${protocol.checkQuorum === true ? ', check-quorum' : ''}`;
  }
  const acks = protocol.mode === 'semi-synchronous' ? ` (${protocol.synchronousAcks ?? 1} ack${(protocol.synchronousAcks ?? 1) === 1 ? '' : 's'})` : '';
  const reads = protocol.readIndex === true ? 'leader (ReadIndex)' : protocol.sessionReads === true ? `${protocol.readFrom ?? 'leader'} (session tokens)` : (protocol.readFrom ?? 'leader');
  return `leader-follower ${protocol.mode}${acks}, ${protocol.replicas} replicas, ${protocol.failover === false ? 'manual failover' : protocol.fencing === true ? 'fenced failover' : 'unfenced failover'}, reads from ${reads}`;
}

/** A distribution in one line: count, median, p90, max. */
function describeSamples(samples: readonly number[], unit: string): string {
  if (samples.length === 0) return 'none';
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (quantile: number): string => `${(sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] as number).toFixed(1)}${unit === '%' ? '%' : ' ms'}`;
  return `${sorted.length} · p50 ${at(0.5)} · p90 ${at(0.9)} · max ${at(1)}`;
}

function describeRuns(entity: EntityVerification): string {
  const runs = entity.runs;
  const passed = runs.filter((run) => run.verdict === 'holds').length;
  const availability = runs.map((run) => run.availability);
  const staleReads = runs.reduce((sum, run) => sum + run.staleReads, 0);
  const reads = runs.reduce((sum, run) => sum + run.readsChecked, 0);
  const lost = runs.reduce((sum, run) => sum + run.lostWrites, 0);
  const discarded = runs.reduce((sum, run) => sum + run.discardedConcurrent, 0);
  const converged = runs.filter((run) => run.converged === true).length;
  const checksConvergence = runs.some((run) => run.converged !== undefined);
  const acknowledged = runs.reduce((sum, run) => sum + run.acknowledgedWrites, 0);
  const maxStaleMs = Math.max(...runs.map((run) => run.maxStaleMs));
  const percent = (value: number): string => `${(value * 100).toFixed(0)}%`;
  return [
    `${passed}/${runs.length} runs pass`,
    `availability ${percent(Math.min(...availability))}–${percent(Math.max(...availability))}`,
    `stale reads ${staleReads}/${reads}${staleReads > 0 ? ` (max ${maxStaleMs} ms)` : ''}`,
    `lost acknowledged writes ${lost}/${acknowledged}`,
    ...(discarded > 0 ? [`dropped by last-writer-wins ${discarded}`] : []),
    ...(checksConvergence ? [`converged ${converged}/${runs.length}`] : []),
    ...(runs.some((run) => run.claims !== undefined) ? [`double bookings ${runs.reduce((sum, run) => sum + (run.doubleBookings ?? 0), 0)}/${runs.reduce((sum, run) => sum + (run.claims ?? 0), 0)} claims`] : []),
  ].join(' · ');
}

/** The `pacelc simulate` command that replays one run of a plan. */
export function replayCommand(plan: EntityPlan, seed: number, settings: VerificationReport['settings'], check: string | undefined = plan.checks[0]): string {
  const protocol = plan.protocol;
  const flags: string[] = [];
  if (protocol?.kind === 'leaderless') {
    flags.push('--protocol leaderless', `--n ${protocol.n}`, `--w ${protocol.w}`, `--r ${protocol.r}`);
    if (protocol.readRepair === true) flags.push('--read-repair');
    if (protocol.writeBackOnRead === true) flags.push('--write-back');
    if (protocol.sloppyQuorum === true) flags.push('--sloppy');
    if ((protocol.antiEntropyIntervalMs ?? 0) > 0) flags.push(`--anti-entropy ${protocol.antiEntropyIntervalMs}`, '--convergence');
    if (protocol.counterMerge !== undefined) flags.push(`--counter-merge ${protocol.counterMerge}`);
  } else if (protocol?.kind === 'raft') {
    flags.push('--protocol raft', `--replicas ${protocol.replicas}`);
    if (protocol.reads !== undefined && protocol.reads !== 'read-index') flags.push(`--reads ${protocol.reads}`);
    if (protocol.preVote === true) flags.push('--pre-vote');
    if (protocol.checkQuorum === true) flags.push('--check-quorum');
  } else if (protocol?.kind === 'multi-leader') {
    flags.push('--protocol multi-leader', `--regions ${protocol.regions ?? 3}`, `--resolution ${protocol.conflictResolution}`);
    if (protocol.lwwClock !== undefined) flags.push(`--lww-clock ${protocol.lwwClock}`);
    if (protocol.causalDelivery === true) flags.push('--causal');
    if (protocol.sessionTokens === true) flags.push('--session-tokens');
    if (protocol.durability !== undefined) flags.push(`--durability ${protocol.durability}`);
  } else if (protocol?.kind === 'leader-follower') {
    flags.push('--protocol leader-follower', `--mode ${protocol.mode}`, `--replicas ${protocol.replicas}`);
    if (protocol.mode === 'semi-synchronous') flags.push(`--acks ${protocol.synchronousAcks ?? 1}`);
    if (protocol.fencing === true) flags.push('--fencing');
    if (protocol.failover === false) flags.push('--no-failover');
    if (protocol.readFrom === 'any') flags.push('--read-from any');
    if (protocol.readIndex === true) flags.push('--read-index');
    if (protocol.sessionReads === true) flags.push('--session-reads');
  }
  flags.push(`--ops ${settings.operations}`, `--clients ${settings.clients}`);
  if (plan.mix.cas > 0) flags.push(`--mix ${plan.mix.read}:${plan.mix.write}:${plan.mix.cas}`);
  if (plan.dataType !== 'register') flags.push(`--data-type ${plan.dataType}`);
  flags.push(`--faults ${settings.faults.length === 0 ? 'none' : settings.faults.join(',')}`, `--check ${check ?? 'none'}`);
  if (!plan.claim.noLostAcknowledgedWrites && !plan.claim.noConcurrentWriteDropped && plan.dataType !== 'counter') flags.push('--allow-lost-writes');
  else if (!plan.claim.noConcurrentWriteDropped && protocol?.kind === 'multi-leader' && plan.dataType === 'register') flags.push('--accept-discards');
  flags.push(`--seed ${seed}`);
  // Faults at fixed times (added by hand in the lab) have no flag: a scenario file holds them. Say so rather than print a replay that is not one.
  const fixed = settings.schedule ?? [];
  const extra = fixed.length === 0 ? '' : `  # plus, at fixed times (put them in a scenario's faults.schedule): ${fixed.map((entry) => `${describeFault(entry.fault)} at ${entry.atMs} ms${entry.durationMs === undefined ? '' : ` for ${entry.durationMs} ms`}`).join('; ')}`;
  return `pacelc simulate ${flags.join(' ')}${extra}`;
}
