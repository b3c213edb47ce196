import { checkHistory } from '../../check/check-history.js';
import { modelNames, type ModelName } from '../../check/model.js';
import { unreadableValue } from '../../check/json-lines-history.js';
import { detectHistoryFormat, parseHistory } from '../../check/parse-history.js';
import { renderCheckResult } from '../../check/render-result.js';
import { type ConsistencyName, consistencyNames, type LinearizabilityAlgorithm, linearizabilityAlgorithms } from '../../check/result.js';
import { oneOf, parseArguments } from '../arguments.js';
import { InputError } from '../../errors.js';
import { ExitCode } from '../exit-code.js';
import type { CliIo } from '../io.js';
import { outputFile } from '../output-path.js';
import { inputName, readInputFile } from '../read-input.js';
import { UsageError } from '../usage-error.js';

const help = `usage: pacelc check HISTORY --model register|cas-register|kv [options]

Checks a recorded history against a consistency model and prints the verdict; when it is violated,
a counterexample: the longest linearizable prefix and the operations that cannot follow it (or, for
a session guarantee, the reads that break it).

HISTORY is pacelc's JSON lines (docs/history-format.md), a Jepsen log (INFO jepsen.util - ...) or an
EDN history (one map per line, or one vector of maps); the format is detected.

options:
  --model M          register (read, write), cas-register (+ cas), kv (get, put, append; read, write, cas per key)
  --consistency C    linearizable (default), read-your-writes, monotonic-reads, monotonic-writes, writes-follow-reads
  --initial VALUE    the value every key starts with, as JSON (default: none, Jepsen's nil; "" for kv get/put/append)
  --no-split         check all keys together instead of one key at a time (same verdict, much slower)
  --algorithm A      auto (default): the polynomial unique-value procedure on keys whose written
                     values are all unique, the WGL search elsewhere; unique or wgl forces one
  --strict-nil-reads EDN and Jepsen logs: an :ok :read of nil is "no value", not Jepsen's "any value"
  --budget-ms N      give up with "undecided" (exit 3) after N ms (default 60000)
  --budget-steps N   give up with "undecided" after N search steps
  --timeline         draw an ASCII timeline of the counterexample
  --html FILE        also write a report to FILE: one self-contained HTML page (opens from disk,
                     offline) with every operation as a bar per key and per client, and, when the
                     check fails, the longest partial linearizations and where the search fails
  --format F         text (default) or json
  -h, --help         show this help

exit codes: 0 holds, 1 violated, 2 bad input or usage, 3 undecided (budget ran out)
`;

/**
 * \`pacelc check HISTORY --model M\`: the verdict and, when violated, the counterexample.
 *
 * @example
 * ```sh
 * pacelc check examples/histories/stale-read.jsonl --model register; echo $?  # 1 (a stale read)
 * ```
 */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArguments(args, {
    model: { type: 'string' },
    consistency: { type: 'string' },
    initial: { type: 'string' },
    'no-split': { type: 'boolean', default: false },
    algorithm: { type: 'string', default: 'auto' },
    'strict-nil-reads': { type: 'boolean', default: false },
    'budget-ms': { type: 'string' },
    'budget-steps': { type: 'string' },
    timeline: { type: 'boolean', default: false },
    html: { type: 'string' },
    format: { type: 'string', default: 'text' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(help);
    return ExitCode.ok;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'a HISTORY file is required' : `one HISTORY file expected, received ${positionals.length}: ${positionals.join(' ')}`);
  const file = positionals[0] as string;
  const model = choice('--model', values.model, modelNames, true) as ModelName;
  const consistency = choice('--consistency', values.consistency ?? 'linearizable', consistencyNames, false) as ConsistencyName;
  const format = choice('--format', values.format, ['text', 'json'], false);
  const algorithm = choice('--algorithm', values.algorithm, linearizabilityAlgorithms, false) as LinearizabilityAlgorithm;
  const initial = values.initial === undefined ? undefined : initialValue(values.initial);
  const timeoutMs = positive('--budget-ms', values['budget-ms']) ?? 60_000;
  const maxSteps = positive('--budget-steps', values['budget-steps']);
  const htmlFile = values.html === undefined ? undefined : outputFile('--html', values.html, io.cwd);

  const text = await readInputFile(file, io.cwd, io.stdin);
  const events = parseHistory(text, inputName(file));
  if (!events.some((event) => event.process !== 'nemesis' && event.process !== ':nemesis')) {
    // A history with no operations proves nothing: say so instead of "HOLDS".
    throw new InputError([{ file: inputName(file), line: 1, column: 1, message: 'the history holds no operations: expected at least one invocation, such as {"process":0,"type":"invoke","f":"read","value":null}' }]);
  }
  // Jepsen's formats follow Knossos: an ok read of nil means "the value read is unknown"
  const historyFormat = detectHistoryFormat(text);
  const nilReadsMatchAny = (historyFormat === 'edn' || historyFormat === 'jepsen-log') && !values['strict-nil-reads'];
  const result = checkHistory(events, {
    model,
    consistency,
    file,
    algorithm,
    nilReadsMatchAny,
    splitByKey: !values['no-split'],
    budget: { timeoutMs, ...(maxSteps === undefined ? {} : { maxSteps }) },
    ...(initial === undefined ? {} : { initial }),
  });
  if (format === 'json') io.stdout(`${JSON.stringify({ file, ...result }, null, 2)}\n`);
  else io.stdout(renderCheckResult(result, { file, color: io.color, timeline: values.timeline }));
  if (htmlFile !== undefined) {
    // The lab loads only when a report is asked for: the check itself never pays for it.
    const { writeCheckReport } = await import('../../lab/check-report.js');
    const written = writeCheckReport(htmlFile, events, result, { file: inputName(file), model, nilReadsMatchAny, ...(initial === undefined ? {} : { initial }) });
    const sampled = written.drawn < written.operations ? ` (${written.drawn.toLocaleString('en-US')} of ${written.operations.toLocaleString('en-US')} operations drawn)` : '';
    io.stderr(`report: ${values.html} (${formatBytes(written.bytes)})${sampled}\n`);
  }
  return result.verdict === 'holds' ? ExitCode.ok : result.verdict === 'violated' ? ExitCode.violated : ExitCode.undecided;
}

function choice(flag: string, value: string | undefined, allowed: readonly string[], required: boolean): string | undefined {
  if (value === undefined) {
    if (required) throw new UsageError(`${flag} is required: one of ${allowed.join(', ')}`);
    return undefined;
  }
  return oneOf(flag, value, allowed);
}

/** `--initial`: a JSON value, or a bare word as a string (`--initial abc`); anything else is a typo. */
function initialValue(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    if (/^[A-Za-z_][\w.:-]*$/.test(text)) return text;
    throw new UsageError(`--initial must be a JSON value (3, "x", null, [1,2]) or a bare word, received ${JSON.stringify(text)}`);
  }
  const problem = unreadableValue(value);
  if (problem !== undefined) throw new UsageError(`--initial ${problem}, received ${JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text)}`);
  return value;
}

function positive(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value) || !(number > 0)) throw new UsageError(`${flag} must be a whole number > 0, received "${value}"`);
  return number;
}

function formatBytes(bytes: number): string {
  return bytes < 1_000_000 ? `${Math.max(1, Math.round(bytes / 1_000))} kB` : `${(bytes / 1_000_000).toFixed(1)} MB`;
}
