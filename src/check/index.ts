export type { HistoryEvent, HistoryEventType } from './history.js';
export { checkHistory, type CheckOptions, type CheckBudget } from './check-history.js';
export {
  consistencyNames,
  type CheckResult,
  type CheckStats,
  type CheckVerdict,
  type ConsistencyName,
  type Counterexample,
  type EventReference,
  type LinearizabilityCounterexample,
  type OperationReport,
  type SessionCounterexample,
  type SessionViolation,
} from './result.js';
export { modelNames, type ModelName } from './model.js';
export { pairOperations, type Operation, type PairOptions } from './operation.js';
export { eventSource, recordEventSource, type EventSource } from './source-location.js';
export { parseHistory, detectHistoryFormat, type HistoryFormat } from './parse-history.js';
export { parseJsonLinesHistory, formatJsonLinesHistory } from './json-lines-history.js';
export { parseJepsenLog } from './jepsen-log.js';
export { parseEdnHistory, ednToJs } from './edn-history.js';
export { renderCheckResult, renderTimeline, describeOperation, type RenderOptions } from './render-result.js';
export { measureStaleness, type StalenessOptions, type StalenessReport, type StaleRead, type Distribution } from './staleness.js';
