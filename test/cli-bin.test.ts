// The installed `pacelc` binary (bin/ → dist/) works as the README says: run it as a user would.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const built = existsSync(`${root}dist/cli/main.js`);
if (!built) console.warn('\n⚠️  dist/ is missing: run `npm run build` (npm install does it) to test the pacelc binary.\n');

describe.skipIf(!built)('bin/pacelc.js', () => {
  const pacelc = (...args: string[]) => spawnSync(process.execPath, [`${root}bin/pacelc.js`, ...args], { encoding: 'utf8' });

  it('--help lists the commands and exits 0', () => {
    const result = pacelc('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('design');
    expect(result.stdout).toContain('verify');
  });

  it('an unknown command exits 2 with a suggestion and no stack trace', () => {
    const result = pacelc('simulat');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Did you mean "pacelc simulate"?');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
