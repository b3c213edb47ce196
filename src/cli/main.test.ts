import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import type { CommandEntry } from './command.js';
import { commands } from './commands.js';
import { ExitCode } from './exit-code.js';
import { bufferIo } from './io.js';
import { helpText, main } from './main.js';
import { UsageError } from './usage-error.js';

const fake = (name: string, run: (args: readonly string[]) => Promise<number>): CommandEntry => ({
  name,
  summary: `the ${name} command`,
  usage: `pacelc ${name}`,
  load: async () => ({ run: (args) => run(args) }),
});

describe('pacelc CLI', () => {
  it('lists the seven commands in --help, each with one line', async () => {
    const io = bufferIo();
    expect(await main(['--help'], io)).toBe(ExitCode.ok);
    for (const name of ['design', 'quorum', 'simulate', 'check', 'verify', 'lab', 'worker']) {
      expect(io.out()).toMatch(new RegExp(`^  ${name} +\\S.*$`, 'm'));
    }
    expect(commands.map((command) => command.name)).toEqual(['design', 'quorum', 'simulate', 'check', 'verify', 'lab', 'worker']);
    expect(await main([], bufferIo())).toBe(ExitCode.ok);
  });

  it('prints the version from package.json', async () => {
    const io = bufferIo();
    expect(await main(['--version'], io)).toBe(ExitCode.ok);
    expect(io.out()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('exits 2 with a suggestion on an unknown command', async () => {
    const io = bufferIo();
    expect(await main(['desgin'], io)).toBe(ExitCode.badInput);
    expect(io.err()).toContain('unknown command "desgin"');
    expect(io.err()).toContain('Did you mean "pacelc design"?');
    const far = bufferIo();
    expect(await main(['frobnicate'], far)).toBe(ExitCode.badInput);
    expect(far.err()).not.toContain('Did you mean');
  });

  it('passes arguments to the command and returns its exit code', async () => {
    const seen: string[][] = [];
    const registry = [fake('probe', async (args) => (seen.push([...args]), ExitCode.undecided))];
    expect(await main(['probe', '--x', '1'], bufferIo(), registry)).toBe(ExitCode.undecided);
    expect(seen).toEqual([['--x', '1']]);
  });

  it('turns usage and input errors into exit 2 without a stack trace', async () => {
    const usage = bufferIo();
    const registry = [
      fake('usage', async () => { throw new UsageError('--n must be a whole number, received "x"'); }),
      fake('input', async () => { throw new InputError([{ file: 's.yaml', line: 3, column: 5, path: 'system.name', message: 'expected a string, found a number' }, { file: 's.yaml', line: 9, column: 1, path: 'entitys', message: 'unknown field', suggestion: 'entities' }]); }),
      fake('bug', async () => { throw new TypeError('oops'); }),
    ];
    expect(await main(['usage'], usage, registry)).toBe(ExitCode.badInput);
    expect(usage.err()).toContain('--n must be a whole number');
    expect(usage.err()).toContain('usage: pacelc usage');
    expect(usage.err()).not.toMatch(/\n\s+at /);
    const input = bufferIo();
    expect(await main(['input'], input, registry)).toBe(ExitCode.badInput);
    expect(input.err()).toContain('2 problems');
    expect(input.err()).toContain('s.yaml:3:5: system.name: expected a string, found a number');
    expect(input.err()).toContain('s.yaml:9:1: entitys: unknown field (did you mean "entities"?)');
    const bug = bufferIo();
    expect(await main(['bug'], bug, registry)).toBe(ExitCode.internalError);
    expect(bug.err()).toMatch(/internal error[\s\S]*at /);
  });

  it('help text names the exit codes', () => {
    expect(helpText()).toContain('3 undecided');
  });
});
