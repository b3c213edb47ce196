// What the lab's server and its page exchange: types only, free of Node, so the page's code
// (web/lab/) can import them.
import type { InputProblem } from '../errors.js';
import type { FaultKind } from '../sim/fault.js';
import type { DesignReportData } from './design-report-data.js';

/** The verdict of one run, or of all of them. */
export type LabVerdict = 'holds' | 'violated' | 'unknown';

/**
 * A fault added by hand in the lab, on top of the faults drawn from the seed: `partition` cuts
 * `nodes` off from the rest of the cluster, `crash` crashes them, `pause` freezes them, from
 * `fromMs` to `toMs` of simulated time. Nodes are numbered from 0, as in `pacelc simulate`.
 *
 * @example
 * ```ts
 * const fault: HandFault = { kind: 'partition', nodes: [0], fromMs: 200, toMs: 1_500 };
 * ```
 */
export interface HandFault {
  readonly kind: 'partition' | 'crash' | 'pause';
  readonly nodes: readonly number[];
  readonly fromMs: number;
  readonly toMs: number;
}

/** What the lab's page starts from (the rest it asks the server for). */
export interface LabPageData {
  /**
   * The spec in the editor: `savable` when the lab was started with a SPEC file (Save writes that
   * file), `hash` the SHA-256 of `text`, which a save sends back to prove the file is unchanged.
   */
  readonly spec: { readonly text: string; readonly file: string; readonly savable: boolean; readonly hash: string };
  readonly faultKinds: readonly HandFault['kind'][];
  readonly drawnFaultKinds: readonly FaultKind[];
  readonly limits: { readonly seeds: number; readonly operations: number; readonly faultEndMs: number };
}

/** What a save answers: the file written, the hash of what it now holds, and its size. */
export interface LabSaved {
  readonly file: string;
  readonly hash: string;
  readonly bytes: number;
}

/** One entity's simulated cluster, for the lab's fault form: how many nodes it has (0 when it has no simulator model). */
export interface LabCluster {
  readonly entity: string;
  readonly nodes: number;
}

/** What the lab shows for the spec in the editor: the design, or every problem with its file:line:col. */
export type LabDesignResult =
  | { readonly ok: true; readonly design: DesignReportData; readonly clusters: readonly LabCluster[]; readonly conflicts: number; readonly warnings: number }
  | { readonly ok: false; readonly problems: readonly (InputProblem & { readonly text: string })[] };

/** A verify run the lab was asked for. */
export interface LabRunRequest {
  readonly text: string;
  readonly file: string;
  readonly seeds: number;
  readonly firstSeed: number;
  readonly operations: number;
  /** Only this entity (required with a hand fault: node numbers mean one entity's cluster). */
  readonly entity?: string;
  readonly fault?: HandFault;
  /** The kinds of fault drawn from each seed (default: those of `pacelc verify`); none leaves only the hand fault. */
  readonly drawnFaults?: readonly FaultKind[];
}

/** What a run's event stream says: each run finished, then the verdict (or why it failed). */
export type LabRunEvent =
  | { readonly type: 'progress'; readonly done: number; readonly total: number; readonly entity: string; readonly seed: number; readonly verdict: LabVerdict }
  | { readonly type: 'done'; readonly verdict: LabVerdict; readonly entities: readonly { readonly entity: string; readonly verdict: string; readonly firstViolationSeed?: number }[] }
  | { readonly type: 'failed'; readonly message: string };

/** A run as the run list shows it. */
export interface LabRunSummary {
  readonly id: number;
  /** What was run, in a line: `#2 bank account: seeds 1–5, 300 ops, partition [0] 200–1500 ms`. */
  readonly label: string;
  readonly status: 'running' | 'done' | 'failed';
  readonly done: number;
  readonly total: number;
  readonly verdict?: LabVerdict;
  /** Where its pictures are, once it is done. */
  readonly reportHtml?: string;
  readonly request: Omit<LabRunRequest, 'text'>;
}
