import type { CallDesign, Decision, Design, EntityDesign, WorkflowDesign } from '../advisor/design-types.js';
import { failoverBrief, serviceNamesOfDesign } from '../advisor/render/names.js';
import type { Citation } from '../advisor/sources.js';

/** One decision as the picture shows it when its node or edge is clicked. */
export interface DecisionView {
  /** Stable id, e.g. `entity.stock.consistency`, `call.0.retry`, `workflow.checkout.coordination`. */
  readonly id: string;
  /** What it is about, e.g. `stock`, `orders → payments (charge)`, `checkout`. */
  readonly subject: string;
  /** Which decision, e.g. `consistency`, `retry`. */
  readonly topic: string;
  readonly summary: string;
  readonly ruleId: string;
  readonly why: string;
  readonly tradeOff: string;
  readonly alternatives: readonly { readonly choice: string; readonly whyRejected: string }[];
  readonly sources: readonly Citation[];
}

/** What a node stands for. */
export type NodeKind = 'service' | 'store' | 'leader' | 'follower' | 'replica' | 'quorum-ring' | 'orchestrator' | 'step' | 'pivot' | 'compensation' | 'dead-letter';

/** A box in one of the design's graphs. */
export interface NodeView {
  /** Unique within the whole design view, e.g. `store:stock`, `step:checkout:ship`. */
  readonly id: string;
  readonly kind: NodeKind;
  /** First line, then further lines. */
  readonly lines: readonly string[];
  /** The entity of the design it draws (see {@link DesignView.entities}). */
  readonly entity?: string;
  /** The region it sits in (replication topology only). */
  readonly group?: string;
  /** Its cell (the `grid` layout: a saga's steps on one row, their compensations below). */
  readonly cell?: { readonly column: number; readonly row: number };
  /** The decisions a click on it shows. */
  readonly decisions: readonly string[];
}

export type EdgeStyle = 'solid' | 'synchronous' | 'asynchronous' | 'compensation' | 'merge';

/** An arrow between two nodes of one graph. */
export interface EdgeView {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  readonly style: EdgeStyle;
  /** The entity of the design it draws (a call), when it draws one. */
  readonly entity?: string;
  readonly decisions: readonly string[];
}

/** One picture: services and stores, replication across regions, or one saga. */
export interface GraphView {
  readonly id: string;
  readonly title: string;
  /** `layered`: left to right by dependency; `regions`: one column per region; `grid`: each node in its {@link NodeView.cell}. */
  readonly layout: 'layered' | 'regions' | 'grid';
  readonly nodes: readonly NodeView[];
  readonly edges: readonly EdgeView[];
  /** With the `regions` layout: the columns, in order. */
  readonly groups: readonly { readonly id: string; readonly label: string }[];
}

/** Something of the design that the picture must draw: a service, a store (entity), a region, a saga or a call. */
export interface DrawnEntity {
  /** `service:orders`, `store:stock`, `region:eu-west-1`, `saga:checkout`, `call:0`. */
  readonly id: string;
  readonly kind: 'service' | 'store' | 'region' | 'saga' | 'call';
  readonly name: string;
}

/**
 * A design as pictures: graphs whose nodes and edges carry the decisions behind them, and every
 * decision with its why, trade-off, alternatives and sources. Pure data, built from the advisor's
 * {@link Design}; the SVG writer and the lab draw it.
 */
export interface DesignView {
  readonly system: string;
  readonly regions: readonly string[];
  readonly graphs: readonly GraphView[];
  readonly decisions: Readonly<Record<string, DecisionView>>;
  /** Every entity of the design, each of which some graph draws. */
  readonly entities: readonly DrawnEntity[];
  readonly warnings: readonly { readonly subject: string; readonly message: string; readonly fix: string; readonly ruleId: string }[];
  readonly conflicts: readonly { readonly subject: string; readonly explanation: string; readonly options: readonly string[]; readonly ruleId: string }[];
}

/**
 * Builds the {@link DesignView} of a design: the services-and-stores graph (with each call's
 * resilience), the replication topology with one column per region, and one graph per saga.
 *
 * @example
 * ```ts
 * const view = designView(design(parseSpec(text, { file: 'shop.yaml' })));
 * view.graphs.map((graph) => graph.title); // ['Services and stores', 'Replication across regions', 'Saga: checkout (orchestration)']
 * ```
 */
export function designView(result: Design): DesignView {
  const decisions: Record<string, DecisionView> = {};
  const add = (id: string, subject: string, topic: string, decision: Decision<unknown>): string => {
    decisions[id] = {
      id,
      subject,
      topic,
      summary: decision.summary,
      ruleId: decision.ruleId,
      why: decision.why,
      tradeOff: decision.tradeOff,
      alternatives: decision.alternatives,
      sources: decision.sources,
    };
    return id;
  };
  const entityDecisions = new Map(result.entities.map((entity) => [entity.name, entityDecisionIds(entity, add)]));
  const callDecisions = result.calls.map((call, index) => callDecisionIds(call, index, add));
  const workflowDecisions = new Map(result.workflows.map((workflow) => [workflow.name, workflowDecisionIds(workflow, add)]));
  const systemDecisions = [
    add('system.discovery', result.system.name, 'discovery', result.systemDecisions.discovery),
    add('system.monitoring', result.system.name, 'monitoring', result.systemDecisions.monitoring),
  ];

  const services = serviceNamesOfDesign(result);
  const graphs: GraphView[] = [
    servicesGraph(result, services, entityDecisions, callDecisions, systemDecisions),
    replicationGraph(result, entityDecisions),
    ...result.workflows.map((workflow) => sagaGraph(workflow, workflowDecisions.get(workflow.name) ?? [])),
  ];
  const regions = regionsOf(result);
  const entities: DrawnEntity[] = [
    ...services.map((name) => ({ id: `service:${name}`, kind: 'service' as const, name })),
    ...result.entities.map((entity) => ({ id: `store:${entity.name}`, kind: 'store' as const, name: entity.name })),
    ...regions.map((name) => ({ id: `region:${name}`, kind: 'region' as const, name })),
    ...result.workflows.map((workflow) => ({ id: `saga:${workflow.name}`, kind: 'saga' as const, name: workflow.name })),
    ...result.calls.map((call, index) => ({ id: `call:${index}`, kind: 'call' as const, name: callName(call) })),
  ];
  return {
    system: result.system.name,
    regions,
    graphs,
    decisions,
    entities,
    warnings: result.warnings.map(({ subject, message, fix, ruleId }) => ({ subject, message, fix, ruleId })),
    conflicts: result.conflicts.map(({ subject, explanation, options, ruleId }) => ({ subject, explanation, options, ruleId })),
  };
}

type AddDecision = (id: string, subject: string, topic: string, decision: Decision<unknown>) => string;

function entityDecisionIds(entity: EntityDesign, add: AddDecision): string[] {
  const prefix = `entity.${entity.name}`;
  const ids = [
    add(`${prefix}.consistency`, entity.name, 'consistency', entity.consistency),
    add(`${prefix}.replication`, entity.name, 'replication', entity.replication),
    add(`${prefix}.partitioning`, entity.name, 'partitioning', entity.partitioning),
    add(`${prefix}.pacelc`, entity.name, 'PACELC', entity.pacelc),
    add(`${prefix}.failover`, entity.name, 'failover', entity.failover),
  ];
  entity.caching.forEach((caching) => ids.push(add(`${prefix}.caching.${caching.choice.readPath}`, entity.name, `caching (${caching.choice.readPath})`, caching)));
  if (entity.deletes !== undefined) ids.push(add(`${prefix}.deletes`, entity.name, 'deletes', entity.deletes));
  return ids;
}

function callName(call: CallDesign): string {
  return `${call.from} → ${call.to}${call.operation === undefined ? '' : ` (${call.operation})`}`;
}

function callDecisionIds(call: CallDesign, index: number, add: AddDecision): string[] {
  const subject = callName(call);
  const prefix = `call.${index}`;
  return [
    add(`${prefix}.timeout`, subject, 'timeout', call.timeout),
    add(`${prefix}.retry`, subject, 'retry', call.retry),
    add(`${prefix}.breaker`, subject, 'circuit breaker', call.breaker),
    add(`${prefix}.bulkhead`, subject, 'bulkhead', call.bulkhead),
    add(`${prefix}.fallback`, subject, 'fallback', call.fallback),
  ];
}

function workflowDecisionIds(workflow: WorkflowDesign, add: AddDecision): string[] {
  const prefix = `workflow.${workflow.name}`;
  return [
    add(`${prefix}.coordination`, workflow.name, 'coordination', workflow.coordination),
    add(`${prefix}.compensation`, workflow.name, 'compensation', workflow.compensation),
    add(`${prefix}.messaging`, workflow.name, 'messaging', workflow.messaging),
    add(`${prefix}.deadline`, workflow.name, 'deadline', workflow.deadline),
  ];
}

function servicesGraph(
  result: Design,
  services: readonly string[],
  entityDecisions: ReadonlyMap<string, readonly string[]>,
  callDecisions: readonly (readonly string[])[],
  systemDecisions: readonly string[],
): GraphView {
  const nodes: NodeView[] = services.map((name) => ({ id: `service:${name}`, kind: 'service', lines: [name], entity: `service:${name}`, decisions: systemDecisions }));
  const edges: EdgeView[] = [];
  for (const entity of result.entities) {
    nodes.push({
      id: `store:${entity.name}`,
      kind: 'store',
      // The replication has its own picture; here the store says what it promises.
      lines: [entity.name, `${entity.consistency.choice}, ${entity.pacelc.choice.label}`],
      entity: `store:${entity.name}`,
      decisions: entityDecisions.get(entity.name) ?? [],
    });
    edges.push({ from: `service:${entity.service}`, to: `store:${entity.name}`, style: 'solid', decisions: [] });
  }
  result.calls.forEach((call, index) => {
    const retry = call.retry.choice.attempts > 1 ? `${call.retry.choice.attempts} attempts` : 'no retry';
    edges.push({
      from: `service:${call.from}`,
      to: `service:${call.to}`,
      label: `${call.operation ?? 'call'}: ${call.timeout.choice.timeoutMs} ms, ${retry}`,
      style: 'solid',
      entity: `call:${index}`,
      decisions: callDecisions[index] ?? [],
    });
  });
  return { id: 'services', title: 'Services and stores', layout: 'layered', nodes, edges, groups: [] };
}

function regionsOf(result: Design): string[] {
  const names = new Set(result.system.regions.map((region) => region.name));
  for (const entity of result.entities) for (const region of entity.replication.choice.regions) names.add(region);
  return [...names];
}

function replicationGraph(result: Design, entityDecisions: ReadonlyMap<string, readonly string[]>): GraphView {
  const nodes: NodeView[] = [];
  const edges: EdgeView[] = [];
  const fallbackRegion = result.system.regions[0]?.name ?? 'region';
  for (const entity of result.entities) {
    const design = entity.replication.choice;
    const choice = design.choice;
    const decisions = entityDecisions.get(entity.name) ?? [];
    const node = (id: string, kind: NodeKind, region: string, lines: string[]): string => {
      nodes.push({ id, kind, lines, entity: `store:${entity.name}`, group: region, decisions });
      return id;
    };
    // With residency, each jurisdiction's copies are drawn inside its own regions only.
    const groups = design.placements ?? [{ jurisdiction: '', regions: design.regions, leaderRegion: design.leaderRegion, crossRegionSynchronous: design.crossRegionSynchronous }];
    for (const group of groups) {
      const regions = group.regions.length > 0 ? group.regions : [fallbackRegion];
      const name = group.jurisdiction === '' ? entity.name : `${entity.name} (${group.jurisdiction})`;
      const key = `copy:${entity.name}:${group.jurisdiction}`;
      switch (choice.kind) {
        case 'leader-follower': {
          const leaderRegion = group.leaderRegion ?? regions[0] ?? fallbackRegion;
          const acks = choice.synchronousAcks;
          const sync = acks > 0 ? `${choice.mode} (${acks} ack${acks === 1 ? '' : 's'})` : 'asynchronous';
          const leader = node(`${key}:leader`, 'leader', leaderRegion, [`${name} leader`, `${choice.replicas} replicas`]);
          const local = node(`${key}:followers:${leaderRegion}`, 'follower', leaderRegion, [`${name} followers`]);
          // The synchronous acknowledgement comes from another region when it crosses regions.
          const localSync = !group.crossRegionSynchronous && acks > 0;
          edges.push({ from: leader, to: local, label: localSync ? sync : 'asynchronous', style: localSync ? 'synchronous' : 'asynchronous', decisions });
          for (const region of regions.filter((candidate) => candidate !== leaderRegion)) {
            const replica = node(`${key}:replica:${region}`, 'replica', region, [`${name} replica`]);
            edges.push({ from: leader, to: replica, label: group.crossRegionSynchronous ? sync : 'asynchronous', style: group.crossRegionSynchronous ? 'synchronous' : 'asynchronous', decisions });
          }
          break;
        }
        case 'multi-leader': {
          const leaders = regions.map((region) => node(`${key}:leader:${region}`, 'leader', region, [`${name} leader`, choice.conflictResolution]));
          for (let i = 0; i < leaders.length; i++) {
            for (let j = i + 1; j < leaders.length; j++) edges.push({ from: leaders[i] as string, to: leaders[j] as string, label: choice.conflictResolution, style: 'merge', decisions });
          }
          break;
        }
        case 'leaderless': {
          const region = regions[0] ?? fallbackRegion;
          node(`${key}:ring:${region}`, 'quorum-ring', region, [name, `N=${choice.n} W=${choice.w} R=${choice.r}${choice.sloppyQuorum ? ' sloppy' : ''}`]);
          break;
        }
      }
    }
    // The failover figures belong on the picture of where the copies are.
    const leader = nodes.find((candidate) => candidate.entity === `store:${entity.name}` && (candidate.kind === 'leader' || candidate.kind === 'quorum-ring'));
    if (leader !== undefined) nodes[nodes.indexOf(leader)] = { ...leader, lines: [...leader.lines, failoverBrief(entity)] };
  }
  // Every region is a column, an empty one too: a region holding no copy is worth seeing.
  const groups = regionsOf(result).map((region) => ({ id: `region:${region}`, label: region }));
  return { id: 'replication', title: 'Replication across regions', layout: 'regions', nodes, edges, groups };
}

function sagaGraph(workflow: WorkflowDesign, decisions: readonly string[]): GraphView {
  const nodes: NodeView[] = [];
  const edges: EdgeView[] = [];
  const entity = `saga:${workflow.name}`;
  const orchestrated = workflow.coordination.choice === 'orchestration';
  const id = (kind: string, name: string): string => `${kind}:${workflow.name}:${name}`;
  // Steps left to right on the first row, each compensation under its step, the dead letters under the orchestrator.
  const offset = orchestrated ? 1 : 0;
  if (orchestrated) {
    nodes.push({ id: id('orchestrator', ''), kind: 'orchestrator', lines: [`${workflow.name} orchestrator`, `deadline ${workflow.deadline.choice.deadlineMs} ms`], entity, cell: { column: 0, row: 0 }, decisions });
  }
  workflow.steps.forEach((step, index) => {
    nodes.push({
      id: id('step', step.name),
      kind: step.kind === 'pivot' ? 'pivot' : 'step',
      lines: [step.name, `${step.service} (${step.kind})`, `timeout ${step.timeoutMs} ms`],
      entity,
      cell: { column: index + offset, row: 0 },
      decisions,
    });
    const previous = workflow.steps[index - 1];
    if (previous !== undefined) edges.push({ from: id('step', previous.name), to: id('step', step.name), label: orchestrated ? 'next' : 'event', style: 'solid', decisions });
    else if (orchestrated) edges.push({ from: id('orchestrator', ''), to: id('step', step.name), label: 'start', style: 'solid', decisions });
    if (step.compensation !== undefined) {
      nodes.push({ id: id('undo', step.name), kind: 'compensation', lines: [step.compensation, `undoes ${step.name}`], entity, cell: { column: index + offset, row: 1 }, decisions });
      edges.push({ from: id('step', step.name), to: id('undo', step.name), label: 'on failure', style: 'compensation', decisions });
    }
  });
  const compensated = workflow.steps.filter((step) => step.compensation !== undefined && step.kind === 'compensatable');
  for (let i = compensated.length - 1; i > 0; i--) {
    const later = compensated[i];
    const earlier = compensated[i - 1];
    if (later !== undefined && earlier !== undefined) edges.push({ from: id('undo', later.name), to: id('undo', earlier.name), label: 'then', style: 'compensation', decisions });
  }
  nodes.push({ id: id('dead-letter', ''), kind: 'dead-letter', lines: [workflow.deadline.choice.deadLetter, 'dead letters'], entity, cell: { column: 0, row: orchestrated ? 1 : 2 }, decisions });
  const first = compensated[0];
  if (first !== undefined) edges.push({ from: id('undo', first.name), to: id('dead-letter', ''), label: 'keeps failing', style: 'compensation', decisions });
  return { id: `saga:${workflow.name}`, title: `Saga: ${workflow.name} (${workflow.coordination.choice})`, layout: 'grid', nodes, edges, groups: [] };
}
