import type { Design } from '../advisor/design-types.js';
import { PacelcError } from '../errors.js';
import type { RunVerdict, VerificationReport } from '../verify/verify-design.js';
import type { LabRunEvent, LabRunRequest, LabRunSummary } from './lab-api.js';
import { prepareLabVerify, runLabVerify } from './lab-verify.js';

export type { LabRunEvent, LabRunRequest, LabRunSummary } from './lab-api.js';

export interface LabRun {
  readonly id: number;
  /** What was run, in a line: `#2 bank: seeds 1–5, 300 ops, partition [0] 200–1500 ms`. */
  readonly label: string;
  readonly request: LabRunRequest;
  status: LabRunSummary['status'];
  done: number;
  total: number;
  verdict?: RunVerdict;
  report?: VerificationReport;
  /** The run's pictures (the verify report), once asked for. */
  html?: string;
  readonly events: LabRunEvent[];
}

/** The most runs the lab remembers (the oldest finished ones are forgotten first). */
export const maxRememberedRuns = 50;

/**
 * The lab's verify runs: one at a time, each on worker threads, each keeping its events so a
 * page that subscribes late (or reloads) still sees the whole run.
 *
 * @example
 * ```ts
 * const runs = new LabRuns({ threads: 2 });
 * const { id } = runs.start({ text, file: 'shop.yaml', seeds: 5, firstSeed: 1, operations: 300 });
 * runs.subscribe(id, (event) => console.log(event.type));
 * ```
 */
export class LabRuns {
  private readonly runs = new Map<number, LabRun>();
  private readonly listeners = new Map<number, Set<(event: LabRunEvent) => void>>();
  private readonly threads: number;
  private readonly stop = new AbortController();
  private readonly pending = new Set<Promise<void>>();
  private nextId = 1;

  constructor(options: { readonly threads: number }) {
    if (!Number.isSafeInteger(options.threads) || options.threads < 1 || options.threads > 1_024) throw new RangeError(`Invalid option threads: expected a whole number from 1 to 1024, received ${JSON.stringify(options.threads)}`);
    this.threads = options.threads;
  }

  /**
   * Starts a run of the spec in `request`.
   *
   * @throws InputError when the spec has problems; RangeError for bad options; PacelcError `LAB_BUSY` while another run is in progress.
   */
  start(request: LabRunRequest, designOf: (text: string, file: string) => Design): LabRunSummary {
    if ([...this.runs.values()].some((run) => run.status === 'running')) throw new PacelcError('LAB_BUSY', 'a run is in progress: wait for its verdict');
    if (this.stop.signal.aborted) throw new PacelcError('LAB_CLOSED', 'the lab is closing');
    const result = designOf(request.text, request.file);
    const prepared = prepareLabVerify(result, {
      seeds: request.seeds,
      firstSeed: request.firstSeed,
      operations: request.operations,
      ...(request.entity === undefined ? {} : { entity: request.entity }),
      ...(request.fault === undefined ? {} : { fault: request.fault }),
      ...(request.drawnFaults === undefined ? {} : { drawnFaults: request.drawnFaults }),
    });
    const id = this.nextId++;
    const fault = request.fault === undefined ? '' : `, ${request.fault.kind} [${request.fault.nodes.join(', ')}] ${request.fault.fromMs}–${request.fault.toMs} ms`;
    const seeds = request.seeds === 1 ? `seed ${request.firstSeed}` : `seeds ${request.firstSeed}–${request.firstSeed + request.seeds - 1}`;
    const run: LabRun = {
      id,
      label: `#${id} ${result.system.name}${request.entity === undefined ? '' : ` ${request.entity}`}: ${seeds}, ${request.operations} ops${fault}`,
      request,
      status: 'running',
      done: 0,
      total: 0,
      events: [],
    };
    this.runs.set(id, run);
    this.forgetOld();
    const running = runLabVerify(prepared, {
      threads: this.threads,
      signal: this.stop.signal,
      onRun: (progress) => {
        run.done = progress.done;
        run.total = progress.total;
        this.emit(run, { type: 'progress', ...progress });
      },
    }).then(
      (report) => {
        run.status = 'done';
        run.verdict = report.verdict;
        run.report = report;
        const entities = report.entities.map((entity) => ({ entity: entity.entity, verdict: entity.verdict, ...(entity.firstViolation === undefined ? {} : { firstViolationSeed: entity.firstViolation.seed }) }));
        this.emit(run, { type: 'done', verdict: report.verdict, entities });
      },
      (error: unknown) => {
        run.status = 'failed';
        this.emit(run, { type: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
    this.pending.add(running);
    void running.finally(() => this.pending.delete(running));
    return this.summary(run);
  }

  get(id: number): LabRun | undefined {
    return this.runs.get(id);
  }

  /** Every run remembered, newest first. */
  list(): LabRunSummary[] {
    return [...this.runs.values()].reverse().map((run) => this.summary(run));
  }

  summary(run: LabRun): LabRunSummary {
    const { text: _text, ...request } = run.request;
    return {
      id: run.id,
      label: run.label,
      status: run.status,
      done: run.done,
      total: run.total,
      ...(run.verdict === undefined ? {} : { verdict: run.verdict }),
      ...(run.report === undefined ? {} : { reportHtml: `/api/runs/${run.id}/report.html` }),
      request,
    };
  }

  /** Calls `listener` with every event of run `id` so far, then with each new one. Returns the unsubscribe. */
  subscribe(id: number, listener: (event: LabRunEvent) => void): () => void {
    const run = this.runs.get(id);
    if (run === undefined) return () => undefined;
    const set = this.listeners.get(id) ?? new Set();
    this.listeners.set(id, set);
    set.add(listener);
    for (const event of [...run.events]) listener(event);
    return () => void set.delete(listener);
  }

  /** Stops the runs in progress and waits for them to end. */
  async close(): Promise<void> {
    this.stop.abort();
    await Promise.allSettled([...this.pending]);
  }

  private emit(run: LabRun, event: LabRunEvent): void {
    run.events.push(event);
    for (const listener of [...(this.listeners.get(run.id) ?? [])]) listener(event);
    if (event.type !== 'progress') this.listeners.delete(run.id);
  }

  private forgetOld(): void {
    for (const run of this.runs.values()) {
      if (this.runs.size <= maxRememberedRuns) break;
      if (run.status !== 'running') {
        this.runs.delete(run.id);
        this.listeners.delete(run.id);
      }
    }
  }
}
