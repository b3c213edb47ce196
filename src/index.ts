/**
 * The root of the package: every pillar as a namespace, for `import { advisor } from 'pacelc'`.
 * Each namespace is also its own subpath (`pacelc/advisor`), which loads only that module; prefer
 * the subpath in code that cares about start-up time. The engine adapters (`pacelc/saga/sqlite`,
 * `pacelc/cache/redis`, ...) are not here: each needs its driver installed, so it is imported by
 * its own subpath only.
 *
 * @example
 * ```ts
 * import { advisor, resilience } from 'pacelc';
 * const result = advisor.design(advisor.parseSpec(yamlText));
 * const policy = resilience.retry({ maxAttempts: 3 });
 * ```
 */
export * as runtime from './runtime/index.js';
export * as errors from './errors.js';
// Design
export * as advisor from './advisor/index.js';
// Verify
export * as sim from './sim/index.js';
export * as replication from './replication/index.js';
export * as check from './check/index.js';
export * as verify from './verify/index.js';
// Build
export * as resilience from './resilience/index.js';
export * as partitioning from './partitioning/index.js';
export * as clocks from './clocks/index.js';
export * as crdt from './crdt/index.js';
export * as antientropy from './antientropy/index.js';
export * as eventsourcing from './eventsourcing/index.js';
export * as saga from './saga/index.js';
export * as discovery from './discovery/index.js';
export * as cache from './cache/index.js';
