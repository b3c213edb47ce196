import type { CommandEntry } from './command.js';

/**
 * Every `pacelc` subcommand. Modules load lazily, so `pacelc --help` and a command's start-up
 * pay only for what runs.
 */
export const commands: readonly CommandEntry[] = [
  {
    name: 'design',
    summary: "Turn a system's requirements (YAML or JSON spec) into a reasoned design with engine settings",
    usage: 'pacelc design SPEC [--format text|markdown|json|mermaid] [--out FILE] [--html FILE] [--verbose] [--strict]   |   pacelc design --rules',
    load: () => import('./commands/design.js'),
  },
  {
    name: 'quorum',
    summary: 'Analyse an N/W/R quorum: overlap, fault tolerance, latency order statistics, caveats',
    usage: 'pacelc quorum --n N [--w W --r R] [--sloppy] [--write-back] [--latency-median-ms MS --latency-p99-ms MS | --replica-latency-ms LIST] [--coordinator-is-replica] [--format text|json]',
    load: () => import('./commands/quorum.js'),
  },
  {
    name: 'simulate',
    summary: 'Run a replication protocol in a deterministic simulated cluster with faults',
    usage: 'pacelc simulate [SCENARIO] [--protocol P] [--n N] [--w W] [--r R] [--faults F] [--ops K] [--seed S] [--out DIR] [--html FILE]   |   pacelc simulate --app FILE [--export NAME] [--seed S | --seeds A..B]',
    load: () => import('./commands/simulate.js'),
  },
  {
    name: 'check',
    summary: 'Check a recorded history against a consistency model (linearizable, session guarantees)',
    usage: 'pacelc check HISTORY --model register|cas-register|kv [--consistency C] [--initial VALUE] [--no-split] [--budget-ms N] [--budget-steps N] [--timeline] [--html FILE] [--format text|json]',
    load: () => import('./commands/check.js'),
  },
  {
    name: 'verify',
    summary: "Verify a design's claims by simulating its chosen settings under faults and checking the histories",
    usage: 'pacelc verify DESIGN.json|SPEC [--seeds K] [--ops N] [--jobs J] [--fail-fast] [--queue nats://HOST:4222] [--html FILE]',
    load: () => import('./commands/verify.js'),
  },
  {
    name: 'lab',
    summary: 'Open the lab in a browser: edit a spec, see the design redrawn, run verify with live progress and faults added by hand',
    usage: 'pacelc lab [SPEC] [--port N] [--host HOST] [--threads N]',
    load: () => import('./commands/lab.js'),
  },
  {
    name: 'worker',
    summary: 'Run the seeds of sweeps queued on NATS JetStream (verify/simulate --queue), on this machine',
    usage: 'pacelc worker nats://HOST:4222 [--jobs J] [--verbose]',
    load: () => import('./commands/worker.js'),
  },
];
