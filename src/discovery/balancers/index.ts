export type { Balancer, PickContext } from './balancer.js';
export { roundRobin } from './round-robin.js';
export { randomChoice } from './random.js';
export { weightedRoundRobin } from './weighted.js';
export { leastOutstanding, powerOfTwoChoices, type PowerOfTwoChoicesOptions } from './least-outstanding.js';
export { zoneAware, type ZoneAwareOptions } from './zone-aware.js';
export { consistentHashing } from './consistent-hashing.js';
