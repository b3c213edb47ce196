// Builders for rule tests: a valid spec with only the fields a test cares about.
import { entityContext, type EntityContext, type ModelContext } from '../context.js';
import type { ConsistencyModel } from '../engines/types.js';
import { Geography } from '../regions.js';
import type { CallSpec, CacheSpec, EntitySpec, Spec, SystemSpec, WorkflowSpec } from '../spec/schema.js';

export function specOf(parts: {
  system?: Partial<SystemSpec>;
  entities?: Partial<EntitySpec>[];
  services?: Spec['services'];
  workflows?: WorkflowSpec[];
  calls?: CallSpec[];
  caches?: CacheSpec[];
} = {}): Spec {
  return {
    system: { name: 'test', regions: ['us-east-1'], ...parts.system },
    entities: (parts.entities ?? [{}]).map((entity, index) => ({ name: `entity${index}`, service: 'svc', key: 'id', ...entity })),
    ...(parts.services === undefined ? {} : { services: parts.services }),
    ...(parts.workflows === undefined ? {} : { workflows: parts.workflows }),
    ...(parts.calls === undefined ? {} : { calls: parts.calls }),
    ...(parts.caches === undefined ? {} : { caches: parts.caches }),
  };
}

export function contextOf(entity: Partial<EntitySpec> = {}, system: Partial<SystemSpec> = {}): EntityContext {
  const spec = specOf({ system, entities: [entity] });
  return entityContext(spec, spec.entities[0] as EntitySpec, new Geography(spec.system));
}

export function modelContextOf(consistency: ConsistencyModel, entity: Partial<EntitySpec> = {}, system: Partial<SystemSpec> = {}): ModelContext {
  return { ...contextOf(entity, system), consistency };
}

export function callOf(call: Partial<CallSpec> = {}): CallSpec {
  return { from: 'a', to: 'b', latency: { p50Ms: 20, p99Ms: 100 }, idempotent: true, ...call };
}
