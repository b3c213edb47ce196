export { Kernel, type KernelOptions, type TraceSink } from './kernel.js';
export { MessageLog, type MessageLogOptions, type RecordedMessage } from './message-log.js';
export { EventQueue } from './event-queue.js';
export type { NodeContext, NodeFactory, NodeHandler } from './node.js';
export { NodeClock } from './node-clock.js';
export { Network, describeNetwork, type NetworkDescription, type NetworkOptions } from './network.js';
export { latencySampler, describeLatency, type LatencyDistribution } from './latency.js';
export { describeFault, faultKinds, resolveRandomFaults, type Fault, type FaultKind, type RandomFaults, type ScheduledFault } from './fault.js';
export { Nemesis } from './nemesis.js';
export { Workload, resolveWorkload, type ResolvedWorkload, type WorkloadOptions } from './workload.js';
export { LatencyHistogram, type LatencySummary } from './latency-histogram.js';
export { FreshnessTracker, type FreshnessReport, type StaleReadExample } from './freshness.js';
export { RunMetrics, type FaultWindowReport, type OperationStats } from './run-metrics.js';
export { reply, type ClientReply, type ClientRequest, type OperationName, type ProtocolModel } from './protocol.js';
export { runSimulation, type FaultOptions, type RunOptions, type RunResult } from './simulation.js';
export { parseScenario, scenarioFaults, scenarioSchema, type Scenario } from './scenario.js';
// The protocol models live in pacelc/replication; simulate() is re-exported here for convenience.
export { simulate, formatReport, type SimulateOptions, type SimulationReport, type ProtocolOptions } from '../replication/index.js';
