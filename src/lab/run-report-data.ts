// The data of a simulation or verification report (src/lab/run-report.ts writes it; web/run/
// draws it, and imports this file: it must stay free of Node imports).

/** One fault window of a run, as drawn across the timeline and charts. */
export interface RunFault {
  readonly kind: string;
  readonly description: string;
  readonly startMs: number;
  readonly endMs: number;
  /** The nodes it touches (all nodes of a partition's groups). */
  readonly nodes: number[];
  /** A partition's sides. */
  readonly groups?: number[][];
  /** Operations invoked during the window, and the share that succeeded. */
  readonly operations: number;
  readonly availability: number;
  /**
   * From the fault's end until operations succeed again as often as outside faults: the invocation
   * of the first of 20 consecutive operations, invoked after the end, whose share of successes is
   * back to the baseline (less 5 points); 0 when the first ones after the end are. null: not
   * recovered before the next fault or the end of the run.
   */
  readonly recoveryMs: number | null;
}

/** Operations of a run, by column (see CheckReportOperations). */
export interface RunOperations {
  readonly id: number[];
  /** The client (0-based) that issued it. */
  readonly client: number[];
  readonly f: number[];
  readonly key: number[];
  readonly call: number[];
  /** -1: no reply (timed out, crashed). */
  readonly ret: number[];
  /** 0 ok, 1 fail, 2 info (unknown). */
  readonly outcome: number[];
  /** The node that answered, -1 when none did. */
  readonly node: number[];
  readonly value: string[];
}

export interface RunMessages {
  /** The window recorded, and how many messages in it were not kept (the bound). */
  readonly fromMs: number;
  readonly toMs: number;
  readonly notKept: number;
  readonly from: number[];
  readonly to: number[];
  readonly sentMs: number[];
  /** -1 when it never arrived. */
  readonly arrivedMs: number[];
  /** '' delivered; else lost, down, cut or sender-crashed. */
  readonly dropped: string[];
  readonly label: string[];
}

/** Time series in fixed buckets (the charts). */
export interface RunSeries {
  readonly bucketMs: number;
  /** Bucket starts. */
  readonly t: number[];
  /** Share of operations invoked in the bucket that succeeded; null when none was invoked. */
  readonly availability: Array<number | null>;
  /** Latency of the operations that succeeded, completed in the bucket (ms); null when none did. */
  readonly p50Ms: Array<number | null>;
  readonly p99Ms: Array<number | null>;
  /** Successful operations completed in the bucket, per second. */
  readonly throughput: number[];
}

/** One simulated run, drawn: nodes, clients, faults, operations, charts, messages. */
export interface RunView {
  readonly title: string;
  readonly seed: number;
  readonly verdict: 'holds' | 'violated' | 'unknown';
  readonly findings: string[];
  /** The command that replays this run, when known. */
  readonly replay?: string;
  readonly nodes: string[];
  readonly clients: number;
  readonly workloadEndMs: number;
  readonly endMs: number;
  readonly faults: RunFault[];
  readonly operations: RunOperations;
  readonly functions: string[];
  readonly keys: string[];
  /** Operation ids the check blames (the failing one first), with why. */
  readonly violating: Array<{ readonly id: number; readonly why: string }>;
  readonly series: RunSeries;
  readonly messages?: RunMessages;
  /** Operations drawn, of how many (a long run is cut, with a note). */
  readonly operationCount: number;
  readonly sampleNote?: string;
  /** What the command printed for this run. */
  readonly text?: string;
}

/** One entity's line in a verification report. */
export interface VerifyEntityView {
  readonly entity: string;
  readonly verdict: string;
  readonly protocol: string;
  readonly checked: string[];
  readonly notChecked: string[];
  readonly runs: Array<{ readonly seed: number; readonly verdict: string; readonly availability: number; readonly findings: string[] }>;
  /** The run drawn: the first refuting seed, else the first seed (absent: no simulator model). */
  readonly run?: RunView;
  readonly replay?: string;
}

export interface RunReportData {
  readonly kind: 'simulate' | 'verify';
  readonly verdict: 'holds' | 'violated' | 'unknown';
  /** simulate: the run. */
  readonly run?: RunView;
  /** verify: each entity, with one run drawn. */
  readonly entities?: VerifyEntityView[];
  readonly system?: string;
  readonly text?: string;
}
