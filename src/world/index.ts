export { defineWorld, runWorld, type ProcessContext, type WorldClient, type WorldSetup, type WorldDefinition, type WorldRunOptions, type WorldRunResult, type WorldViolation, type InvariantCheck } from './run-world.js';
export { describeWorldFault, drawFaults, faultMagnitude, withMagnitude, BROKER, type WorldFault, type WorldFaultOptions } from './fault-schedule.js';
export { WorldDatabase, DatabaseView, type WorldTransaction } from './world-database.js';
export { WorldBus, type WorldBusOptions } from './world-bus.js';
export { WorldTimeoutError, RemoteError, DuplicateOutboxMessageError } from './world-errors.js';
export { WORLD_START_WALL_MS, overTheWire, type CallOptions, type CallHandler } from './world.js';
export { sweepWorld, shrinkFaults, type WorldSource, type WorldSweepOptions, type WorldSweepReport, type ShrunkFaults } from './sweep-world.js';
export { formatWorldSweep, formatWorldRun, replayCommand } from './format-world-sweep.js';
export { loadWorld, loadWorlds } from './load-world.js';
