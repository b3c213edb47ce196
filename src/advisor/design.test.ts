import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { design } from './design.js';
import type { Decision, Design } from './design-types.js';
import { renderJson } from './render/json.js';
import { renderMarkdown } from './render/markdown.js';
import { mermaidDiagrams } from './render/mermaid.js';
import { renderText } from './render/text.js';
import { derivePacelc } from './rules/entity/pacelc.js';
import { specSchema, type Spec } from './spec/schema.js';

const regionNames = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-northeast-1', 'sa-east-1'];

/** Valid specs: every reference points at something declared. */
const specs: fc.Arbitrary<Spec> = fc
  .record({
    regions: fc.subarray(regionNames, { minLength: 1 }),
    availability: fc.option(fc.constantFrom(99.9, 99.95, 99.99, 99.999), { nil: undefined }),
    platform: fc.option(fc.constantFrom('kubernetes' as const, 'virtual-machines' as const, 'serverless' as const), { nil: undefined }),
    entities: fc.array(
      fc.record(
        {
          money: fc.boolean(),
          noDoubleBooking: fc.boolean(),
          causality: fc.boolean(),
          readYourWrites: fc.boolean(),
          staleness: fc.constantFrom('none' as const, 'any' as const, { maxMs: 5000 }, { maxVersions: 2 }),
          writes: fc.constantFrom('single-region' as const, 'multi-region' as const),
          conflicts: fc.constantFrom('reject' as const, 'merge' as const, 'last-writer-wins' as const, 'custom' as const),
          access: fc.subarray(['point', 'range', 'geo', 'scan'] as const, { minLength: 1 }),
          readWriteRatio: fc.constantFrom(0.1, 1, 10, 1000),
          latency: fc.record({ readP99Ms: fc.integer({ min: 1, max: 500 }), writeP99Ms: fc.integer({ min: 1, max: 500 }) }),
          volume: fc.record({ sizeGb: fc.integer({ min: 1, max: 100_000 }), writesPerSecond: fc.integer({ min: 1, max: 100_000 }) }),
          hotKeys: fc.constantFrom('low' as const, 'medium' as const, 'high' as const),
          rpoMs: fc.constantFrom(0, 1000),
          rtoMs: fc.constantFrom(1000, 60_000),
          consistency: fc.constantFrom('linearizable' as const, 'causal' as const, 'eventual' as const),
          replication: fc.oneof(
            fc.record(
              {
                kind: fc.constant('leader-follower' as const),
                mode: fc.constantFrom('synchronous' as const, 'semi-synchronous' as const, 'asynchronous' as const),
                replicas: fc.integer({ min: 1, max: 9 }),
                readsFrom: fc.constantFrom('leader' as const, 'followers' as const),
              },
              { requiredKeys: ['kind', 'mode'] },
            ),
            fc.record({
              kind: fc.constant('multi-leader' as const),
              conflictResolution: fc.constantFrom('last-writer-wins' as const, 'vector-clocks-with-siblings' as const, 'crdt' as const, 'application-merge' as const, 'none' as const),
            }),
            fc
              .integer({ min: 1, max: 9 })
              .chain((n) => fc.record({ kind: fc.constant('leaderless' as const), n: fc.constant(n), w: fc.integer({ min: 1, max: n }), r: fc.integer({ min: 1, max: n }), sloppyQuorum: fc.boolean() })),
          ),
        },
        { requiredKeys: [] },
      ),
      { minLength: 1, maxLength: 5 },
    ),
    workflows: fc.array(
      fc.record({
        steps: fc.array(fc.record({ compensable: fc.boolean(), retriable: fc.boolean() }), { minLength: 2, maxLength: 6 }),
        deadlineMs: fc.option(fc.integer({ min: 100, max: 100_000 }), { nil: undefined }),
      }),
      { maxLength: 2 },
    ),
    calls: fc.array(
      fc.record({
        p99Ms: fc.integer({ min: 1, max: 3000 }),
        budgetMs: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: undefined }),
        idempotent: fc.boolean(),
        criticality: fc.constantFrom('critical' as const, 'degradable' as const, 'optional' as const),
        requestsPerSecond: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
      }),
      { maxLength: 3 },
    ),
    caches: fc.array(fc.record({ freshness: fc.constantFrom('none' as const, 'any' as const, { maxMs: 1000 }), readsPerSecond: fc.integer({ min: 0, max: 100_000 }) }), { maxLength: 3 }),
  })
  .map(({ regions, availability, platform, entities, workflows, calls, caches }) => ({
    system: { name: 'generated', regions, ...(availability === undefined ? {} : { availability }), ...(platform === undefined ? {} : { platform }) },
    entities: entities.map((entity, index) => ({ name: `e${index}`, service: `s${index % 3}`, key: 'id', ...entity })),
    workflows: workflows.map((workflow, index) => ({
      name: `w${index}`,
      steps: workflow.steps.map((step, stepIndex) => ({ name: `step${stepIndex}`, service: `s${stepIndex % 3}`, ...(step.compensable ? { compensation: `undo${stepIndex}` } : {}), ...(step.retriable ? { retriable: true } : {}) })),
      ...(workflow.deadlineMs === undefined ? {} : { deadlineMs: workflow.deadlineMs }),
    })),
    calls: calls.map((call, index) => ({
      from: `s${index % 3}`,
      to: `s${(index + 1) % 3}`,
      latency: { p99Ms: call.p99Ms },
      idempotent: call.idempotent,
      criticality: call.criticality,
      ...(call.budgetMs === undefined ? {} : { budgetMs: call.budgetMs }),
      ...(call.requestsPerSecond === undefined ? {} : { requestsPerSecond: call.requestsPerSecond }),
    })),
    caches: caches.map((cache, index) => ({ name: `c${index}`, entity: `e${index % entities.length}`, ...cache })),
  }));

function decisionsOf(result: Design): Decision<unknown>[] {
  return [
    ...result.entities.flatMap((entity) => [entity.consistency, entity.replication, entity.partitioning, ...entity.caching, entity.pacelc, entity.failover]),
    ...result.workflows.flatMap((workflow) => [workflow.coordination, workflow.compensation, workflow.messaging, workflow.deadline]),
    ...result.calls.flatMap((call) => [call.timeout, call.retry, call.breaker, call.bulkhead, call.fallback]),
    result.systemDecisions.discovery,
    result.systemDecisions.monitoring,
  ];
}

describe('design', () => {
  it('property: every valid spec gets a complete, explained, deterministic design that every renderer can print', () => {
    fc.assert(
      fc.property(specs, (spec) => {
        expect(specSchema.safeParse(spec).success).toBe(true);
        const result = design(spec);
        expect(design(spec)).toEqual(result);
        for (const made of decisionsOf(result)) {
          expect(made.ruleId).toMatch(/^[a-z]+(\.[a-z0-9-]+)+$/);
          expect(made.summary.length).toBeGreaterThan(0);
          expect(made.why.length).toBeGreaterThan(10);
          expect(made.tradeOff.length).toBeGreaterThan(10);
          expect(made.sources.length).toBeGreaterThan(0);
        }
        for (const entity of result.entities) {
          expect(entity.pacelc.choice.label).toBe(derivePacelc(entity.replication.choice).label);
          expect(entity.engines).toHaveLength(11);
        }
        for (const finding of [...result.warnings, ...result.conflicts]) expect(finding.sources.length).toBeGreaterThan(0);
        expect(JSON.parse(renderJson(result))).toEqual(JSON.parse(JSON.stringify(result)));
        expect(renderText(result)).toContain(result.system.name);
        expect(renderMarkdown(result)).toContain('## Entities');
        expect(mermaidDiagrams(result)).toHaveLength(2 + result.workflows.length);
      }),
      { numRuns: 60 },
    );
  });

  it('property: money without a stated model is linearizable, PC/EC unless its replication is stated', () => {
    fc.assert(
      fc.property(specs, (spec) => {
        const result = design(spec);
        spec.entities.forEach((entity, index) => {
          const made = result.entities[index];
          if (entity.money !== true || entity.consistency !== undefined || made === undefined) return;
          expect(made.consistency.choice).toBe('linearizable');
          if (entity.replication === undefined) expect(made.pacelc.choice.label).toBe('PC/EC');
        });
      }),
      { numRuns: 60 },
    );
  });

  it('property: requirements that contradict are always reported, never resolved silently', () => {
    fc.assert(
      fc.property(specs, (spec) => {
        const result = design(spec);
        spec.entities.forEach((entity) => {
          const contradictory = entity.staleness === 'any' && (entity.money === true || entity.noDoubleBooking === true);
          const reported = result.conflicts.some((conflict) => conflict.ruleId === 'conflict.stale-reads-on-money-or-claims' && conflict.subject === `entities.${entity.name}`);
          expect(reported).toBe(contradictory);
        });
      }),
      { numRuns: 60 },
    );
  });
});
