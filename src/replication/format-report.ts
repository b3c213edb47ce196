import type { LinearizabilityCounterexample, OperationReport, SessionCounterexample } from '../check/index.js';
import { describeFault } from '../sim/fault.js';
import type { SimulationReport } from './simulate.js';

/**
 * Options of {@link formatReport}.
 *
 * @example
 * ```ts
 * formatReport(report, { color: true, replay: 'pacelc simulate --seed 7' });
 * ```
 */
export interface FormatReportOptions {
  /** ANSI colour for the verdict. Default false. */
  readonly color?: boolean;
  /** The command line that replays this run (printed with the seed). */
  readonly replay?: string;
}

/**
 * The report of a simulation as text: parameters (with everything drawn from the seed), fault
 * windows with their availability, latency percentiles, staleness, lost writes, protocol
 * counters, the checker's verdict with a counterexample, and how to replay it.
 *
 * @example
 * ```ts
 * import { simulate, formatReport } from 'pacelc/replication';
 * console.log(formatReport(simulate({ seed: 7, protocol: { kind: 'leaderless', n: 3, w: 2, r: 2 } })));
 * ```
 */
export function formatReport(report: SimulationReport, options: FormatReportOptions = {}): string {
  const lines: string[] = [];
  const paint = (code: string, text: string): string => (options.color === true ? `\u001b[${code}m${text}\u001b[0m` : text);
  lines.push(`pacelc simulate: ${describeProtocol(report.protocol)}`);
  lines.push(`seed ${report.seed}${options.replay === undefined ? '' : ` (replay: ${options.replay})`}`);
  lines.push('');
  const network = report.network;
  lines.push(
    `network    ${network.latency}${network.regions === undefined ? '' : `; regions ${network.regions}`}; loss ${percent(network.lossProbability)}, duplicates ${percent(network.duplicateProbability)}, ${network.reorder ? 'reordering' : 'FIFO links'}; client links ${network.clientLatency}`,
  );
  const workload = report.workload;
  const writeName = { register: 'write', counter: 'increment', set: 'add/remove', log: 'append' }[workload.dataType];
  const mix = workload.dataType === 'register' ? `read ${workload.mix.read} : write ${workload.mix.write} : cas ${workload.mix.cas}` : `${workload.dataType}: read ${workload.mix.read} : ${writeName} ${workload.mix.write + workload.mix.cas}`;
  const keys = workload.keyDistribution === 'uniform' ? 'uniform' : `zipf s=${workload.keyDistribution.zipf}`;
  lines.push(`workload   ${workload.operations} ops by ${workload.clients} clients (${mix}) over ${workload.keys} key${workload.keys === 1 ? '' : 's'} (${keys}); timeout ${workload.timeoutMs}ms, think ${workload.thinkMs}ms`);
  for (const [name, value] of Object.entries(report.protocolDrawn)) lines.push(`drawn      ${name}: ${value}`);
  if (report.randomFaults !== undefined) {
    const drawn = report.randomFaults;
    lines.push(`faults     drawn from the seed: ${drawn.kinds.join(', ')}; quiet ~exp(${drawn.meanIntervalMs}ms), duration ~exp(${drawn.meanDurationMs}ms), skew ≤ ${drawn.maxSkewMs}ms, spikes ≤ ${drawn.maxSpikeMs}ms`);
  } else if (report.faultsInjected.length === 0) {
    lines.push('faults     none');
  } else {
    lines.push('faults     from the scenario');
  }
  report.faultWindows.forEach((window, index) => {
    const injected = report.faultsInjected[index];
    const description = injected === undefined ? window.description : describeFault(injected.fault);
    lines.push(`  ${fixed(window.startMs, 1).padStart(9)}ms → ${fixed(window.endMs, 1).padStart(9)}ms  ${description.padEnd(34)} ${String(window.operations).padStart(6)} ops, ${percent(window.availability)} ok`);
  });
  lines.push('');
  lines.push('operations   invoked      ok    fail    info     p50     p90     p99   p99.9     max  (ms)');
  for (const [f, stats] of Object.entries(report.operations)) {
    const latency = stats.latency;
    lines.push(
      `  ${f.padEnd(8)} ${pad(stats.invoked, 9)} ${pad(stats.ok, 7)} ${pad(stats.fail, 7)} ${pad(stats.info, 7)} ${pad(fixed(latency.p50Ms, 2), 7)} ${pad(fixed(latency.p90Ms, 2), 7)} ${pad(fixed(latency.p99Ms, 2), 7)} ${pad(fixed(latency.p999Ms, 2), 7)} ${pad(fixed(latency.maxMs, 2), 7)}`,
    );
  }
  const totals = report.totals;
  lines.push(`  availability ${percent(totals.availability)} (${totals.ok} of ${totals.invoked} ok), throughput ${Math.round(totals.throughputPerSecond)} ok/s over ${fixed(totals.durationMs / 1000, 2)}s of virtual time`);
  lines.push('');
  const freshness = report.freshness;
  if (freshness.staleReads === 0) {
    lines.push(`stale reads  0 of ${freshness.readsChecked} reads returned a value older than the last acknowledged write`);
  } else {
    lines.push(
      `stale reads  ${freshness.staleReads} of ${freshness.readsChecked} (${percent(freshness.staleReadRatio)}): up to ${freshness.versionsBehind.max}${freshness.versionsBehind.max >= 64 ? '+' : ''} versions behind (mean ${freshness.versionsBehind.mean}); stale by p50 ${fixed(freshness.staleMs.p50, 1)}ms, p99 ${fixed(freshness.staleMs.p99, 1)}ms, max ${fixed(freshness.staleMs.max, 1)}ms`,
    );
    const example = freshness.examples[0];
    if (example !== undefined) {
      lines.push(
        `  e.g. process ${example.process} read ${example.key} at ${fixed(example.invokeMs, 1)}ms and got ${JSON.stringify(example.value)}, but ${JSON.stringify(example.latestAcknowledged)} had been acknowledged at ${fixed(example.latestAcknowledgedAtMs, 1)}ms (${example.versionsBehind}${example.versionsBehind >= 64 ? '+' : ''} version${example.versionsBehind === 1 ? '' : 's'} behind, stale for ${fixed(example.staleMs, 1)}ms)`,
      );
    }
  }
  const data = report.data;
  if (data !== undefined && (data.dataType !== 'register' || report.protocol.protocol === 'multi-leader')) {
    // The audit by data type replaces the register-by-real-time estimate.
    lines.push(`data         ${data.dataType}: ${data.converged === undefined ? 'convergence not known' : data.converged ? 'every replica converged' : `replicas diverged on ${data.divergent.map((entry) => entry.key).join(', ')}`}`);
    lines.push(`lost writes  ${data.lost} of ${data.acknowledgedWrites} acknowledged writes${data.discardedConcurrent > 0 ? `; ${data.discardedConcurrent} dropped by the conflict resolution for a concurrent write` : ''}`);
    for (const lost of data.examples.slice(0, 3)) lines.push(`  e.g. ${lost.key} ${lost.f} ${JSON.stringify(lost.value)}: ${lost.reason}`);
    for (const [guarantee, result] of Object.entries(data.sessions)) {
      if (result !== undefined) lines.push(`session      ${guarantee}: ${result.violations} violation${result.violations === 1 ? '' : 's'} in ${result.reads} reads${result.first === undefined ? '' : `; first: ${result.first}`}`);
    }
  } else {
    if (data?.converged !== undefined) lines.push(`replicas     ${data.converged ? 'every replica converged' : `diverged on ${data.divergent.map((entry) => entry.key).join(', ')}`} once the faults healed`);
    lines.push(`lost writes  ${freshness.lostWrites} of ${freshness.acknowledgedWrites} acknowledged writes`);
    for (const lost of freshness.lostExamples.slice(0, 3)) lines.push(`  e.g. ${lost.key} = ${JSON.stringify(lost.value)}, acknowledged${Number.isFinite(lost.ackMs) ? ` at ${fixed(lost.ackMs, 1)}ms` : ''}: ${lost.reason}`);
  }
  lines.push('');
  const stats = Object.entries(report.protocolStats);
  if (stats.length > 0) {
    lines.push('protocol');
    const width = Math.max(...stats.map(([name]) => name.length));
    for (const [name, value] of stats) lines.push(`  ${name.padEnd(width)} ${pad(value, 8)}  ${report.protocolStatDescriptions[name] ?? ''}`.trimEnd());
  }
  lines.push(`events       ${report.events.processed} simulated events, ${report.events.messagesSent} messages sent, ${report.events.messagesDropped} dropped; workload ended at ${fixed(report.workloadEndMs, 1)}ms, settled until ${fixed(report.endMs, 1)}ms`);
  if (report.traceSha256 !== undefined) lines.push(`trace        sha256 ${report.traceSha256}`);
  lines.push('');
  const check = report.check;
  if (check !== undefined) {
    lines.push(`check        ${check.consistency} (${check.model}, per key): ${check.verdict} — ${check.operations} operations, ${describeCheckWork(check)}${check.reason === undefined ? '' : `; ${check.reason}`}`);
    if (check.counterexample?.kind === 'linearizability') lines.push(...formatLinearizability(check.counterexample));
    else if (check.counterexample?.kind === 'session') lines.push(...formatSession(check.counterexample));
  }
  const verdictText = report.verdict === 'holds' ? paint('32', 'HOLDS') : report.verdict === 'violated' ? paint('31', 'VIOLATED') : paint('33', 'UNKNOWN');
  const claim = [report.claim.consistency === 'none' ? undefined : report.claim.consistency, report.claim.noLostWrites ? 'no lost writes' : undefined].filter((part) => part !== undefined).join(' + ');
  lines.push(`verdict      ${verdictText}${claim === '' ? '' : ` (claim: ${claim})`}${report.findings.length === 0 ? '' : `: ${report.findings.join('; ')}`}`);
  if (!report.completed) lines.push('             (the run hit maxDurationMs before the workload finished)');
  return `${lines.join('\n')}\n`;
}

function describeProtocol(protocol: Readonly<Record<string, unknown>>): string {
  if (protocol.protocol === 'multi-leader') {
    const resolution = protocol.conflictResolution === 'last-writer-wins' ? `last-writer-wins on ${protocol.lwwClock === 'physical' ? 'each node’s own clock' : 'an HLC'}` : String(protocol.conflictResolution);
    const flags = [resolution, protocol.causalDelivery === true ? 'causal delivery' : '', protocol.sessionTokens === true ? 'session tokens' : 'sticky sessions', String(protocol.durability)].filter(Boolean);
    return `multi-leader, ${String(protocol.regions)} regions, ${String(protocol.dataType)} (${flags.join(', ')})`;
  }
  if (protocol.protocol === 'leaderless') {
    const flags = [
      protocol.writeBackOnRead === true ? 'ABD write-back on read' : 'no write-back',
      protocol.readRepair === true ? 'read repair' : 'no read repair',
      protocol.sloppyQuorum === true ? `sloppy quorum${protocol.hintedHandoff === true ? ' + hinted handoff' : ' without handoff'}` : 'strict quorum',
    ];
    return `leaderless N=${String(protocol.n)} W=${String(protocol.w)} R=${String(protocol.r)} on ${String(protocol.nodes)} nodes (${flags.join(', ')}; ${protocol.counterMerge === 'pn-counter' ? 'counters: PN-counters merged slot by slot, no versions' : `${protocol.dataType === 'counter' ? 'counters: read, add one, write; ' : ''}versions by ${String(protocol.versioning)}`})`;
  }
  if (protocol.protocol === 'raft') {
    const options = [protocol.preVote === true ? 'pre-vote' : '', protocol.checkQuorum === true ? 'check-quorum' : '', protocol.commitOldTermEntries === true ? 'KNOWN-BAD: commits old-term entries by counting' : '', protocol.unsyncedVotes === true ? 'KNOWN-BAD: votes not fsynced' : ''].filter(Boolean);
    const reads = protocol.reads === 'lease' ? `lease reads (drift bound ${String(protocol.clockDriftBound)})` : protocol.reads === 'local' ? 'KNOWN-BAD: local leader reads' : 'ReadIndex reads';
    return `raft, ${String(protocol.replicas)} nodes, ${reads}${options.length === 0 ? '' : `, ${options.join(', ')}`}; election timeout ${String(protocol.electionTimeoutMs)}–${2 * Number(protocol.electionTimeoutMs)}ms, heartbeat ${String(protocol.heartbeatMs)}ms`;
  }
  const acks = protocol.mode === 'semi-synchronous' ? ` (${String(protocol.synchronousAcks)} ack${protocol.synchronousAcks === 1 ? '' : 's'})` : '';
  return `leader-follower ${String(protocol.mode)}${acks}, ${String(protocol.replicas)} replicas, failover ${protocol.failover === true ? 'on' : 'off'}, fencing ${protocol.fencing === true ? 'on' : 'off'}, reads from ${String(protocol.readFrom)}`;
}

/** How the checker decided: the algorithm, and the search steps when the search ran. */
function describeCheckWork(check: NonNullable<SimulationReport['check']>): string {
  const algorithm = check.algorithm;
  if (algorithm === undefined) return `${check.stats.steps} steps`;
  if (algorithm.used === 'unique-values' || algorithm.used === 'none') return check.stats.steps === 0 ? `${algorithm.used}` : `${algorithm.used} (+${check.stats.steps} search steps for the counterexample)`;
  return `${algorithm.used}, ${check.stats.steps} search steps`;
}

function formatLinearizability(counterexample: LinearizabilityCounterexample): string[] {
  const of = counterexample.subsetOf === undefined ? '' : ` (of ${counterexample.subsetOf})`;
  const lines = [`  key ${counterexample.key ?? '(all)'}: ${counterexample.partitionOperations} operations${of}; no order of them explains what clients saw.`];
  if (counterexample.summary !== undefined) lines.push(`  why: ${counterexample.summary}`);
  const prefix = counterexample.prefix;
  if (prefix.length > 0) {
    lines.push(`  a valid order exists for ${prefix.length} of them, ending with:`);
    for (const operation of prefix.slice(-3)) lines.push(`    ${formatOperation(operation)}`);
  }
  lines.push(`  then the state is ${JSON.stringify(counterexample.stateAfterPrefix)}, and none of these can come next:`);
  for (const blocked of counterexample.blocked.slice(0, 4)) lines.push(`    ${formatOperation(blocked.operation)}  ✗ ${blocked.detail}`);
  if (counterexample.deadline !== undefined) lines.push(`  yet this one returned, so something had to be ordered before it: ${formatOperation(counterexample.deadline)}`);
  return lines;
}

function formatSession(counterexample: SessionCounterexample): string[] {
  const lines = [`  ${counterexample.total} violation${counterexample.total === 1 ? '' : 's'} of ${counterexample.guarantee}; the first:`];
  for (const violation of counterexample.violations.slice(0, 2)) lines.push(`    ${violation.explanation}`);
  return lines;
}

function formatOperation(operation: OperationReport): string {
  const input = operation.f === 'read' ? '' : ` ${JSON.stringify(operation.input)}`;
  const output = operation.f === 'read' && operation.outcome === 'ok' ? ` → ${JSON.stringify(operation.output ?? null)}` : '';
  const start = operation.call.time === undefined ? '?' : fixed(operation.call.time, 1);
  const end = operation.return?.time === undefined ? '…' : fixed(operation.return.time, 1);
  const outcome = operation.outcome === 'unknown' ? ' (unknown outcome)' : '';
  return `process ${operation.process} ${operation.f} ${operation.key ?? ''}${input}${output}  [${start}–${end}ms]${outcome}`;
}

function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(ratio === 0 || ratio === 1 ? 0 : 1)}%`;
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

function pad(value: number | string, width: number): string {
  return String(value).padStart(width);
}
