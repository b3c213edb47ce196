export type { Clock } from './clock.js';
export type { TimerHandle, TimerOptions, Timers } from './timers.js';
export type { Runtime, RuntimeOptions } from './runtime.js';
export { Random } from './random.js';
export { systemRuntime, createSystemRuntime, MAX_NODE_TIMER_MS } from './system-runtime.js';
export { ManualRuntime, type ManualRuntimeOptions } from './manual-runtime.js';
