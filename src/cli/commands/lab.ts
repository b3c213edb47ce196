import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseArguments, wholeNumberFlag } from '../arguments.js';
import { ExitCode } from '../exit-code.js';
import type { CliIo } from '../io.js';
import { inputName, readInputFile } from '../read-input.js';
import { UsageError } from '../usage-error.js';

const help = `usage: pacelc lab [SPEC] [--port N] [--host HOST] [--threads N]

Opens the lab: a local web page with a spec editor (completion from the spec's schema, and the
problems as file:line:col as you type), the design redrawn as the spec changes, and a button that
runs verify on worker threads with live progress. Add a fault by hand (partition these nodes
from t1 to t2) and re-run a seed with it; earlier runs stay listed, coloured by verdict.
SPEC is the spec the editor opens with (a YAML or JSON file); without it, a small example.
Save (or Ctrl-S / Cmd-S) writes the edited spec back to SPEC, and refuses when SPEC changed on
disk since the page loaded it; without SPEC (or with - for standard input) there is no saving.

options:
  --port N      the port to listen on (default 0: a free one, printed)
  --host HOST   listen on HOST instead of 127.0.0.1. Anything but loopback lets whoever reaches
                this machine run simulations on it and overwrite SPEC: a warning is printed
  --threads N   worker threads a verify run spreads over (default: one per core, at most 4)
  -h, --help    show this help

Ctrl-C stops it. Exit codes: 0 stopped; 2 a usage error (or the port is taken).

example: pacelc lab examples/specs/e-commerce.yaml
`;

/** `pacelc lab [SPEC]`: see {@link help}. */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArguments(args, {
    port: { type: 'string' },
    host: { type: 'string' },
    threads: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  const { values, positionals } = parsed;
  if (values.help === true) {
    io.stdout(help);
    return ExitCode.ok;
  }
  const [file, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`one spec at a time; unexpected ${extra.map((value) => `"${value}"`).join(', ')}`);
  const port = values.port === undefined ? 0 : wholeNumberFlag('--port', values.port, 0, 65_535);
  const threads = values.threads === undefined ? Math.min(4, availableParallelism()) : wholeNumberFlag('--threads', values.threads, 1, 1_024);
  if (values.host !== undefined && values.host.trim() === '') throw new UsageError('--host needs an address, e.g. --host 127.0.0.1');
  // A file (not standard input) can be saved back to from the page: that path and no other.
  const spec = file === undefined ? undefined : { text: await readInputFile(file, io.cwd, io.stdin), file: inputName(file), ...(file === '-' ? {} : { path: resolve(io.cwd, file) }) };

  const { startLab, isLoopback } = await import('../../lab/lab-server.js');
  const host = values.host ?? '127.0.0.1';
  if (!isLoopback(host)) {
    io.stderr(`pacelc lab: WARNING: listening on ${host}, not loopback: anyone who can reach this machine on that address can use the lab and run simulations on it${spec?.path === undefined ? '' : `, and overwrite ${spec.file}`}\n`);
  }
  let lab;
  try {
    lab = await startLab({ host, port, allowRemote: values.host !== undefined, threads, ...(spec === undefined ? {} : { spec }) });
  } catch (error) {
    if (error instanceof Error && 'code' in error && (error.code === 'EADDRINUSE' || error.code === 'EACCES' || error.code === 'EADDRNOTAVAIL')) {
      io.stderr(`pacelc lab: cannot listen on ${host}:${port}: ${error.message}\n`);
      return ExitCode.badInput;
    }
    throw error;
  }
  // Ctrl-C is caught before the URL is printed: whoever reads the URL may stop the lab at once.
  const stopped = new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  io.stdout(`pacelc lab: ${lab.url} (Ctrl-C stops it)\n`);
  await stopped;
  await lab.close();
  io.stdout('pacelc lab: stopped\n');
  return ExitCode.ok;
}

