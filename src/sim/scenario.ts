import { isMap, isScalar, type Document } from 'yaml';
import * as z from 'zod';
import { InputError, type InputProblem } from '../errors.js';
import { didYouMean } from '../text/did-you-mean.js';
import { readYamlInput } from '../text/yaml-input.js';
import type { Fault, RandomFaults, ScheduledFault } from './fault.js';
import type { FaultOptions } from './simulation.js';
import { workloadBounds } from './workload-bounds.js';

const nodeList = z.array(z.number().int().min(0)).min(1);
const latency = z.discriminatedUnion('distribution', [
  z.strictObject({ distribution: z.literal('constant'), ms: z.number().min(0) }),
  z.strictObject({ distribution: z.literal('uniform'), minMs: z.number().min(0), maxMs: z.number().min(0) }),
  z.strictObject({ distribution: z.literal('normal'), meanMs: z.number().min(0), sdMs: z.number().min(0) }),
  z.strictObject({ distribution: z.literal('lognormal'), medianMs: z.number().positive(), sigma: z.number().min(0) }),
  z.strictObject({ distribution: z.literal('exponential'), meanMs: z.number().positive() }),
]);
const timing = { atMs: z.number().min(0), durationMs: z.number().positive().optional() };
const faultKind = z.enum(['partition', 'partition-one-way', 'isolate', 'crash', 'clock-skew', 'latency-spike', 'pause', 'disk-fault', 'message-loss', 'message-duplication', 'message-reorder']);
const scheduledFault = z.discriminatedUnion('kind', [
  z.strictObject({ ...timing, kind: z.literal('partition'), groups: z.array(nodeList).min(2) }),
  z.strictObject({ ...timing, kind: z.literal('partition-one-way'), from: nodeList, to: nodeList }),
  z.strictObject({ ...timing, kind: z.literal('isolate'), node: z.number().int().min(0) }),
  z.strictObject({ ...timing, kind: z.literal('crash'), nodes: nodeList }),
  z.strictObject({ ...timing, kind: z.literal('clock-skew'), nodes: nodeList, skewMs: z.number(), driftPpm: z.number().gt(-500_000).lt(500_000).optional() }),
  z.strictObject({ ...timing, kind: z.literal('latency-spike'), nodes: nodeList, extraMs: z.number().min(0) }),
  z.strictObject({ ...timing, kind: z.literal('pause'), nodes: nodeList, clockStops: z.boolean().optional() }),
  z.strictObject({ ...timing, kind: z.literal('disk-fault'), nodes: nodeList }),
  z.strictObject({ ...timing, kind: z.literal('message-loss'), nodes: nodeList, probability: z.number().min(0).max(1) }),
  z.strictObject({ ...timing, kind: z.literal('message-duplication'), nodes: nodeList, probability: z.number().min(0).max(1) }),
  z.strictObject({ ...timing, kind: z.literal('message-reorder'), nodes: nodeList }),
]);
const positiveInt = z.number().int().positive();

/**
 * The schema of a scenario file (YAML or JSON), in zod.
 *
 * @example
 * ```ts
 * scenarioSchema.safeParse({ protocol: { kind: 'leaderless', n: 3, w: 2, r: 2 } }).success; // true
 * ```
 */
export const scenarioSchema = z.strictObject({
  /** What the scenario shows, for people. */
  description: z.string().optional(),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  protocol: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('leaderless'),
      n: positiveInt.max(30),
      w: positiveInt.max(30),
      r: positiveInt.max(30),
      nodes: positiveInt.max(30).optional(),
      readRepair: z.boolean().optional(),
      writeBackOnRead: z.boolean().optional(),
      sloppyQuorum: z.boolean().optional(),
      hintedHandoff: z.boolean().optional(),
      replicaTimeoutMs: z.number().positive().optional(),
      handoffIntervalMs: z.number().positive().optional(),
      antiEntropyIntervalMs: z.number().min(0).optional(),
    }),
    z.strictObject({
      kind: z.literal('leader-follower'),
      mode: z.enum(['synchronous', 'semi-synchronous', 'asynchronous']),
      replicas: positiveInt.max(30),
      synchronousAcks: z.number().int().min(0).optional(),
      fencing: z.boolean().optional(),
      failover: z.boolean().optional(),
      readFrom: z.enum(['leader', 'any']).optional(),
      readIndex: z.boolean().optional(),
      sessionReads: z.boolean().optional(),
      heartbeatMs: z.number().positive().optional(),
      failoverTimeoutMs: z.number().positive().optional(),
      replicationTimeoutMs: z.number().positive().optional(),
    }),
    z.strictObject({
      kind: z.literal('raft'),
      replicas: positiveInt.max(30),
      reads: z.enum(['read-index', 'lease', 'local']).optional(),
      preVote: z.boolean().optional(),
      checkQuorum: z.boolean().optional(),
      heartbeatMs: z.number().positive().optional(),
      electionTimeoutMs: z.number().positive().optional(),
      clockDriftBound: z.number().min(0).lt(0.5).optional(),
      fsyncMs: z.number().positive().optional(),
      requestTimeoutMs: z.number().positive().optional(),
      maxLogEntries: positiveInt.optional(),
      commitOldTermEntries: z.boolean().optional(),
      unsyncedVotes: z.boolean().optional(),
      slowLeaderStepDownMs: z.number().nonnegative().optional(),
    }),
    z.strictObject({
      kind: z.literal('multi-leader'),
      conflictResolution: z.enum(['last-writer-wins', 'vector-clocks-with-siblings', 'crdt', 'application-merge']),
      regions: z.number().int().min(2).max(16).optional(),
      dataType: z.enum(['register', 'counter', 'set', 'log']).optional(),
      lwwClock: z.enum(['hlc', 'physical']).optional(),
      causalDelivery: z.boolean().optional(),
      sessionTokens: z.boolean().optional(),
      durability: z.enum(['fsync-per-write', 'fsync-interval']).optional(),
      fsyncIntervalMs: z.number().positive().optional(),
      retransmitMs: z.number().positive().optional(),
    }),
  ]),
  workload: z
    .strictObject({
      operations: z.number().int().min(0).max(workloadBounds.operations).optional(),
      clients: positiveInt.max(workloadBounds.clients).optional(),
      keys: positiveInt.max(workloadBounds.keys).optional(),
      mix: z.strictObject({ read: z.number().min(0).optional(), write: z.number().min(0).optional(), cas: z.number().min(0).optional() }).optional(),
      keyDistribution: z.union([z.literal('uniform'), z.strictObject({ zipf: z.number().positive() })]).optional(),
      timeoutMs: z.number().positive().optional(),
      thinkMs: z.number().min(0).optional(),
      dataType: z.enum(['register', 'counter', 'set', 'log']).optional(),
    })
    .optional(),
  network: z
    .strictObject({
      latency: latency.optional(),
      clientLatency: latency.optional(),
      lossProbability: z.number().min(0).max(1).optional(),
      duplicateProbability: z.number().min(0).max(1).optional(),
      reorder: z.boolean().optional(),
      regions: z.strictObject({ nodes: z.array(z.string()).min(1), latency: z.record(z.string(), z.record(z.string(), latency)) }).optional(),
    })
    .optional(),
  faults: z
    .strictObject({
      schedule: z.array(scheduledFault).optional(),
      random: z
        .strictObject({
          kinds: z.array(faultKind).min(1),
          meanIntervalMs: z.number().positive().optional(),
          meanDurationMs: z.number().positive().optional(),
          maxSkewMs: z.number().min(0).optional(),
          maxSpikeMs: z.number().min(0).optional(),
        })
        .optional(),
    })
    .optional(),
  claim: z
    .strictObject({
      consistency: z.enum(['linearizable', 'read-your-writes', 'monotonic-reads', 'monotonic-writes', 'writes-follow-reads', 'none']).optional(),
      noLostWrites: z.boolean().optional(),
      acceptConcurrentDiscards: z.boolean().optional(),
      convergence: z.boolean().optional(),
    })
    .optional(),
  settleMs: z.number().min(0).optional(),
});

/**
 * A parsed scenario: the protocol, workload, network, faults and claim of a simulation, as
 * written in a YAML or JSON file (see `examples/scenarios/`).
 *
 * @example
 * ```yaml
 * seed: 7
 * protocol: { kind: leaderless, n: 3, w: 2, r: 2, writeBackOnRead: true }
 * workload: { operations: 2000, clients: 5 }
 * faults:
 *   schedule:
 *     - { atMs: 500, durationMs: 2000, kind: partition, groups: [[0], [1, 2]] }
 * ```
 */
export type Scenario = z.infer<typeof scenarioSchema>;

/**
 * Parses and validates a scenario. Every problem is reported at once as an `InputError` naming
 * file, line, column and field, with a did-you-mean for misspelt fields and values.
 *
 * @example
 * ```ts
 * const scenario = parseScenario(readFileSync('split.yaml', 'utf8'), { file: 'split.yaml' });
 * ```
 */
export function parseScenario(text: string, options: { readonly file?: string } = {}): Scenario {
  const file = options.file;
  const where = file === undefined ? {} : { file };
  const { document, value, at } = readYamlInput(text, { file, expected: 'YAML' });
  const result = scenarioSchema.safeParse(value ?? {});
  if (!result.success) {
    const problems: InputProblem[] = [];
    for (const issue of result.error.issues) {
      const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const known = knownKeys(value, path);
          const suggestion = didYouMean(key, known);
          const offset = offsetOf(document, path, key);
          problems.push({ ...where, ...(offset === undefined ? {} : at(offset)), path: formatPath([...path, key]), message: 'unknown field', ...(suggestion === undefined ? {} : { suggestion }) });
        }
        continue;
      }
      const offset = offsetOf(document, path);
      const found = valueAt(value, path);
      let message = issue.message;
      let suggestion: string | undefined;
      if (issue.code === 'invalid_value' && typeof found === 'string') suggestion = didYouMean(found, issue.values.filter((candidate): candidate is string => typeof candidate === 'string'));
      if (issue.code === 'invalid_union' && typeof found === 'string') {
        const candidates = [...issue.message.matchAll(/'([^']+)'/g)].map((match) => match[1] as string);
        suggestion = didYouMean(found, candidates);
        message = `expected one of ${candidates.join(', ')}`;
      }
      if (issue.code === 'invalid_type' && found === undefined) message = `missing required field: expected ${issue.expected}`;
      if (issue.code === 'too_small' || issue.code === 'too_big') {
        const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
        const relation = issue.code === 'too_small' ? (issue.inclusive === false ? '>' : '≥') : issue.inclusive === false ? '<' : '≤';
        message = issue.origin === 'array' ? `expected ${relation} ${String(bound)} items` : `expected a number ${relation} ${String(bound)}`;
      }
            if (found !== undefined) message = `${message}, found ${JSON.stringify(found)}`;
      problems.push({ ...where, ...(offset === undefined ? {} : at(offset)), path: formatPath(path), message, ...(suggestion === undefined ? {} : { suggestion }) });
    }
    throw new InputError(problems);
  }
  return result.data;
}

/**
 * Checks that a scenario fits a cluster of `nodeCount` nodes (known once the protocol, with any
 * command-line overrides, is settled): one region per node, and every node a scheduled fault
 * names below `nodeCount`. Each problem names the file, line, column and field.
 *
 * @throws InputError listing every misfit (e.g. `faults.schedule[0].node: node 7 does not exist: the cluster has nodes 0 to 2`).
 *
 * @example
 * ```ts
 * checkScenarioNodes(scenario, 3, { text, file: 'split.yaml' });
 * ```
 */
export function checkScenarioNodes(scenario: Scenario, nodeCount: number, source: { readonly text: string; readonly file?: string | undefined }): void {
  const misfits: Array<{ path: Array<string | number>; message: string }> = [];
  const regions = scenario.network?.regions;
  if (regions !== undefined && regions.nodes.length !== nodeCount) {
    misfits.push({ path: ['network', 'regions', 'nodes'], message: `names ${regions.nodes.length} region${regions.nodes.length === 1 ? '' : 's'}: expected one per node (${nodeCount})` });
  }
  const range = nodeCount === 1 ? 'node 0' : `nodes 0 to ${nodeCount - 1}`;
  for (const [index, entry] of (scenario.faults?.schedule ?? []).entries()) {
    const lists: Array<[Array<string | number>, readonly number[]]> = [];
    if (entry.kind === 'partition') entry.groups.forEach((group, at) => lists.push([['groups', at], group]));
    else if (entry.kind === 'partition-one-way') lists.push([['from'], entry.from], [['to'], entry.to]);
    else if (entry.kind === 'isolate') lists.push([[], [entry.node]]);
    else lists.push([['nodes'], entry.nodes]);
    for (const [path, nodes] of lists) {
      nodes.forEach((node, at) => {
        if (node < nodeCount) return;
        const where = entry.kind === 'isolate' ? ['node'] : [...path, at];
        misfits.push({ path: ['faults', 'schedule', index, ...where], message: `node ${node} does not exist: the cluster has ${range}` });
      });
    }
  }
  if (misfits.length === 0) return;
  const { document, at } = readYamlInput(source.text, { file: source.file, expected: 'YAML' });
  throw new InputError(
    misfits.map(({ path, message }) => {
      const offset = offsetOf(document, path);
      return { ...(source.file === undefined ? {} : { file: source.file }), ...(offset === undefined ? {} : at(offset)), path: formatPath(path), message };
    }),
  );
}

/**
 * The scenario's faults in the form {@link runSimulation} takes.
 *
 * @example
 * ```ts
 * scenarioFaults(parseScenario(text)).schedule?.[0]?.fault.kind; // 'partition'
 * ```
 */
export function scenarioFaults(scenario: Scenario): FaultOptions {
  const schedule: ScheduledFault[] | undefined = scenario.faults?.schedule?.map((entry) => {
    const { atMs, durationMs, ...fault } = entry;
    const cleaned = withoutUndefined(fault) as unknown as Fault;
    return durationMs === undefined ? { atMs, fault: cleaned } : { atMs, durationMs, fault: cleaned };
  });
  const random = scenario.faults?.random;
  return { ...(schedule === undefined ? {} : { schedule }), ...(random === undefined ? {} : { random: withoutUndefined(random) as unknown as RandomFaults }) };
}

/**
 * A copy of `record` without its undefined properties (for exactOptionalPropertyTypes).
 *
 * @example
 * ```ts
 * withoutUndefined({ a: 1, b: undefined }); // { a: 1 }
 * ```
 */
export function withoutUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

/** The fields the schema allows at `path` (following the discriminator where there is one). */
function knownKeys(root: unknown, path: ReadonlyArray<string | number>): string[] {
  let schema: unknown = scenarioSchema;
  let value: unknown = root;
  const unwrap = (node: unknown): unknown => {
    let current = node as { unwrap?: () => unknown; def?: { type?: string; options?: unknown[]; element?: unknown } };
    for (;;) {
      if (current.def?.type === 'optional' && current.unwrap !== undefined) current = current.unwrap() as typeof current;
      else if ((current.def?.type === 'union' || current.def?.type === 'discriminated_union' || current.def?.type === undefined) && Array.isArray(current.def?.options)) {
        const options = current.def.options as Array<{ shape?: Record<string, { def?: { values?: unknown[] } }> }>;
        const kind = typeof value === 'object' && value !== null ? ((value as Record<string, unknown>).kind ?? (value as Record<string, unknown>).distribution) : undefined;
        const match = options.find((option) => option.shape !== undefined && Object.values(option.shape).some((field) => field.def?.values?.includes(kind) === true)) ?? options.find((option) => option.shape !== undefined);
        if (match === undefined) return current;
        current = match as typeof current;
      } else return current;
    }
  };
  for (const key of path) {
    const node = unwrap(schema) as { shape?: Record<string, unknown>; def?: { type?: string; element?: unknown; valueType?: unknown } };
    if (typeof key === 'number') schema = node.def?.element;
    else schema = node.shape?.[key] ?? node.def?.valueType;
    value = typeof value === 'object' && value !== null ? (value as Record<string | number, unknown>)[key] : undefined;
    if (schema === undefined) return [];
  }
  const node = unwrap(schema) as { shape?: Record<string, unknown> };
  return node.shape === undefined ? [] : Object.keys(node.shape);
}

function valueAt(root: unknown, path: ReadonlyArray<string | number>): unknown {
  let current = root;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

function offsetOf(document: Document, path: ReadonlyArray<string | number>, key?: string): number | undefined {
  if (key !== undefined) {
    const parent = path.length === 0 ? document.contents : document.getIn(path, true);
    if (isMap(parent)) {
      for (const pair of parent.items) if (isScalar(pair.key) && pair.key.value === key) return pair.key.range?.[0];
    }
  }
  for (let length = path.length; length >= 0; length--) {
    const node = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range !== undefined) return range[0];
  }
  return undefined;
}

function formatPath(path: ReadonlyArray<string | number>): string {
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? key : `.${key}`)).join('');
}
