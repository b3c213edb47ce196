// The lint rule that keeps library code simulatable really fires (DESIGN.md: time and chance are injected).
// That src/ as committed passes it is `npm run lint`'s job (part of `npm test`), not repeated here.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function ruleIdsFor(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

describe('injected-runtime lint rule', () => {
  const forbidden: Array<[string, string]> = [
    ['Date.now()', 'no-restricted-properties'],
    ['new Date()', 'no-restricted-syntax'],
    ['performance.now()', 'no-restricted-properties'],
    ['Math.random()', 'no-restricted-properties'],
    ['setTimeout(() => {}, 1)', 'no-restricted-globals'],
    ['setInterval(() => {}, 1)', 'no-restricted-globals'],
    ['setImmediate(() => {})', 'no-restricted-globals'],
    ['globalThis.setTimeout(() => {}, 1)', 'no-restricted-properties'],
  ];

  it.each(forbidden)('fails on %s in src/', async (expression, rule) => {
    expect(await ruleIdsFor(`export const value = ${expression};\n`, 'src/cache/example.ts')).toContain(rule);
  });

  it('fails on importing node:timers in src/', async () => {
    expect(await ruleIdsFor("import { setTimeout } from 'node:timers/promises';\nexport const wait = setTimeout;\n", 'src/saga/example.ts')).toContain(
      'no-restricted-imports',
    );
  });

  it('allows them in src/runtime/, and allows new Date(ms) anywhere', async () => {
    expect(await ruleIdsFor('export const now = Date.now() + Math.random();\n', 'src/runtime/example.ts')).toEqual([]);
    expect(await ruleIdsFor('export const date = new Date(0);\n', 'src/cache/example.ts')).toEqual([]);
  });
});
