import { didYouMean } from '../../text/did-you-mean.js';
import type { RegionSpec, Spec } from './schema.js';

/** A reference problem found after the schema passed: a name that points nowhere, a duplicate. */
export interface ReferenceProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly suggestion?: string;
}

/**
 * The name of a region written either as a string or as `{ name, area }`.
 *
 * @example
 * ```ts
 * regionName('us-east-1');                              // 'us-east-1'
 * regionName({ name: 'dc-7', area: 'europe' });          // 'dc-7'
 * ```
 */
export function regionName(region: RegionSpec): string {
  return typeof region === 'string' ? region : region.name;
}

/**
 * Checks what the schema cannot: that every name refers to something declared (regions,
 * services, entities), that names are unique, and that quorum sizes fit the replica count.
 *
 * @example
 * ```ts
 * crossCheckSpec(spec); // [{ path: ['caches', 0, 'entity'], message: 'no entity named "prodct"...', suggestion: 'product' }]
 * ```
 */
export function crossCheckSpec(spec: Spec): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const regions = spec.system.regions.map(regionName);
  const services = spec.services?.map((service) => service.name);
  const entities = spec.entities.map((entity) => entity.name);

  const reference = (path: readonly (string | number)[], kind: string, value: string, known: readonly string[] | undefined, declaredAt: string): void => {
    // A value of the wrong type was already reported by the schema.
    if (known === undefined || typeof value !== 'string' || known.includes(value)) return;
    const suggestion = didYouMean(value, known);
    problems.push({
      path,
      message: `no ${kind} named "${value}"; ${declaredAt} declares: ${known.join(', ') || 'none'}`,
      ...(suggestion === undefined ? {} : { suggestion }),
    });
  };
  const unique = (names: readonly string[], path: readonly string[], kind: string, nameKey: readonly string[] = ['name']): void => {
    const seen = new Set<string>();
    names.forEach((name, index) => {
      if (seen.has(name)) problems.push({ path: [...path, index, ...nameKey], message: `duplicate ${kind} name "${name}"; names must be unique` });
      seen.add(name);
    });
  };

  unique(regions, ['system', 'regions'], 'region', []);
  if (services !== undefined) unique(services, ['services'], 'service');
  unique(entities, ['entities'], 'entity');
  if (spec.workflows) unique(spec.workflows.map((workflow) => workflow.name), ['workflows'], 'workflow');
  if (spec.caches) unique(spec.caches.map((cache) => cache.name), ['caches'], 'cache');

  spec.system.latency?.forEach((link, index) => {
    link.between.forEach((region, side) => reference(['system', 'latency', index, 'between', side], 'region', region, regions, 'system.regions'));
    if (link.between[0] === link.between[1]) problems.push({ path: ['system', 'latency', index, 'between'], message: 'a latency entry needs two different regions' });
  });
  spec.entities.forEach((entity, index) => {
    reference(['entities', index, 'service'], 'service', entity.service, services, 'services');
    entity.residency?.forEach((rule, ruleIndex) =>
      rule.regions.forEach((region, regionIndex) => reference(['entities', index, 'residency', ruleIndex, 'regions', regionIndex], 'region', region, regions, 'system.regions')),
    );
    if (entity.writes === 'per-jurisdiction' && (entity.residency === undefined || entity.residency.length === 0)) {
      problems.push({ path: ['entities', index, 'writes'], message: 'writes: per-jurisdiction needs residency: each jurisdiction writes in the regions its residency rule lists' });
    }
    const given = entity.replication;
    if (given?.kind === 'leaderless') {
      if (given.w > given.n) problems.push({ path: ['entities', index, 'replication', 'w'], message: `w (${given.w}) cannot exceed n (${given.n}): a write cannot wait for more replicas than exist` });
      if (given.r > given.n) problems.push({ path: ['entities', index, 'replication', 'r'], message: `r (${given.r}) cannot exceed n (${given.n}): a read cannot wait for more replicas than exist` });
    }
  });
  spec.workflows?.forEach((workflow, index) =>
    workflow.steps.forEach((step, stepIndex) => reference(['workflows', index, 'steps', stepIndex, 'service'], 'service', step.service, services, 'services')),
  );
  spec.calls?.forEach((call, index) => {
    reference(['calls', index, 'from'], 'service', call.from, services, 'services');
    reference(['calls', index, 'to'], 'service', call.to, services, 'services');
    if (call.latency.p50Ms !== undefined && call.latency.p50Ms > call.latency.p99Ms) {
      problems.push({ path: ['calls', index, 'latency', 'p50Ms'], message: `p50Ms (${call.latency.p50Ms}) cannot exceed p99Ms (${call.latency.p99Ms})` });
    }
  });
  spec.caches?.forEach((cache, index) => reference(['caches', index, 'entity'], 'entity', cache.entity, entities, 'entities'));
  return problems;
}
