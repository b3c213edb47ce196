// The data a check report carries (src/lab/check-report.ts writes it; web/check/ draws it, and
// imports this file: it must stay free of Node imports).
// Operations are columns of numbers and short strings rather than objects: 100,000 of them must
// stay a few megabytes and parse in well under a second.

/** `ok` happened, `fail` certainly did not, `unknown` may have (crashed, timed out, no reply). */
export const outcomeCodes = { ok: 0, fail: 1, unknown: 2 } as const;

export interface CheckReportOperations {
  /** The operation's id in the history (order of invocation). */
  readonly id: number[];
  /** Index into `processes`. */
  readonly process: number[];
  /** Index into `keys` (the empty key "" for a single register). */
  readonly key: number[];
  /** Index into `functions`. */
  readonly f: number[];
  /** Call and return on the axis (ms, or event index when the history has no times); return -1: never returned. */
  readonly call: number[];
  readonly ret: number[];
  /** outcomeCodes. */
  readonly outcome: number[];
  /** The argument and the value returned, as short JSON text ("" when absent). */
  readonly input: string[];
  readonly output: string[];
  /** The invocation's line in the history file, 0 when unknown. */
  readonly line: number[];
}

export interface LinearizabilityExplanation {
  readonly kind: 'linearizability';
  readonly key?: string;
  readonly summary?: string;
  /** Operations of the key the checker searched (or of the subset it blamed, with subsetOf). */
  readonly partitionOperations: number;
  readonly subsetOf?: number;
  /** The longest linearizable prefix the check found (operation ids), and the state after it. */
  readonly prefix: number[];
  readonly stateAfterPrefix: string;
  /** The operations that could come next, and why none can. */
  readonly blocked: Array<{ readonly id: number; readonly reason: 'not-allowed' | 'dead-end'; readonly detail: string }>;
  /** The operation where the search fails: the earliest return not in the prefix. */
  readonly deadline?: number;
  /** The longest partial linearizations (operation ids in order, the state after each), longest first. */
  readonly partials: Array<{ readonly operations: number[]; readonly states: string[] }>;
  /** Operation id -> index in partials of the longest one containing it. */
  readonly longestContaining: Record<string, number>;
  /** Why the partials are incomplete, when they are. */
  readonly partialsNote?: string;
}

export interface SessionExplanation {
  readonly kind: 'session';
  readonly guarantee: string;
  readonly total: number;
  readonly violations: Array<{
    readonly observer: string;
    readonly key?: string;
    readonly read: number;
    readonly readFrom?: number;
    readonly required: number;
    readonly because: number;
    readonly explanation: string;
  }>;
}

export interface CheckReportData {
  readonly file: string;
  readonly verdict: 'holds' | 'violated' | 'unknown';
  readonly model: string;
  readonly consistency: string;
  /** Operations in the history. */
  readonly operationCount: number;
  /** Operations drawn (fewer when the history is too large and was sampled: see sampleNote). */
  readonly drawnCount: number;
  readonly sampleNote?: string;
  /** What the x axis counts: milliseconds, or positions in the history when it has no times. */
  readonly axis: 'ms' | 'event';
  /** Where the axis ends (open-ended operations are drawn up to here). */
  readonly axisEnd: number;
  readonly processes: string[];
  readonly keys: string[];
  readonly functions: string[];
  readonly operations: CheckReportOperations;
  /** What `pacelc check` printed (its text output), when the report came from the command. */
  readonly text?: string;
  /** Facts for the summary table: [label, value]. */
  readonly facts: Array<[string, string]>;
  readonly reason?: string;
  readonly violatedKeys?: string[];
  readonly explanation?: LinearizabilityExplanation | SessionExplanation;
}
