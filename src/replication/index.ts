export { LeaderlessProtocol, type LeaderlessOptions } from './leaderless.js';
export { MultiLeaderProtocol, type MultiLeaderOptions, type MultiLeaderResolution } from './multi-leader.js';
export { LeaderFollowerProtocol, type LeaderFollowerOptions, type ReplicationMode } from './leader-follower.js';
export { RaftProtocol, type RaftOptions, type RaftReads } from './raft.js';
export { simulate, createProtocol, type ClaimOptions, type ProtocolOptions, type SimulateOptions, type SimulationReport } from './simulate.js';
export { formatReport, type FormatReportOptions } from './format-report.js';
export { simulateRun, type SimulateRunJob, type SimulateRunResult } from './simulate-run.js';
export { formatSweepLine, formatSweepSummary, type SweepTally } from './format-sweep.js';
