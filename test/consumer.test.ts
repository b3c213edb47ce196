// The package as a user gets it: pack the tarball, install it into a scratch project, compile one
// short program per pillar with strict TypeScript (no skipLibCheck) as ES modules (.mts) and as
// CommonJS (.ts in a "type": "commonjs" project, as `npm init -y` makes it), and run them with node.
// This catches what no in-repo test sees: a missing export condition, a .d.ts that needs an
// undeclared type package, a file left out of the tarball.
//
// Offline by construction: the tarball's dependencies and the adapter's driver are installed as
// links to this repository's node_modules (`file:` specifiers, `npm install --offline`), so no
// registry is asked. It packs dist/ as built (`npm install` builds it); a dist/ older than src/ is
// never tested: outside CI the test builds a fresh copy first, under CI it fails.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { design, parseSpec } from 'pacelc/advisor';
import { checkHistory, parseHistory } from 'pacelc/check';

const root = new URL('../', import.meta.url).pathname;
const modules = join(root, 'node_modules');
const npm = spawnSync('npm', ['--version'], { encoding: 'utf8' });
const npmMissing = npm.status !== 0;
if (npmMissing) {
  const message = 'consumer test: npm is not on PATH, so the tarball cannot be packed and installed';
  if (process.env['CI'] === 'true') throw new Error(message);
  console.warn(`SKIPPED ${message}`);
}

/** The newest modification time under `dir` of files accepted by `keep`, in ms. */
function newest(dir: string, keep: (name: string) => boolean): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && keep(entry.name)) latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

const programs: Record<string, string> = {
  // Design: the advisor on a spec shipped in the package.
  design: `import { readFileSync } from 'node:fs';
import { design, parseSpec } from 'pacelc/advisor';
const file = 'node_modules/pacelc/examples/specs/bank-ledger.yaml';
const result = design(parseSpec(readFileSync(file, 'utf8'), { file }));
for (const entity of result.entities) console.log(\`\${entity.name}: \${entity.consistency.choice}\`);
`,
  // Verify: a history checked, through the root entry's namespaces.
  verify: `import { readFileSync } from 'node:fs';
import { check } from 'pacelc';
import type { CheckResult } from 'pacelc/check';
const file = 'node_modules/pacelc/examples/histories/stale-read.jsonl';
const result: CheckResult = check.checkHistory(check.parseHistory(readFileSync(file, 'utf8'), file), { model: 'register' });
console.log(\`linearizable: \${result.verdict}\`);
`,
  // Build: a retry on virtual time, and a saga persisted in SQLite (the driver and its types installed).
  build: `import { ManualRuntime } from 'pacelc/runtime';
import { retry } from 'pacelc/resilience';
import { defineSaga, SagaOrchestrator } from 'pacelc/saga';
import { SqliteSagaStore } from 'pacelc/saga/sqlite';

async function main(): Promise<void> {
  const runtime = new ManualRuntime({ seed: 1 });
  let attempts = 0;
  const call = retry({ runtime, maxAttempts: 3 }).execute(() => {
    attempts++;
    if (attempts < 3) throw new Error('flaky');
    return 'ok';
  });
  await runtime.runAll();
  console.log(\`retry: \${await call} after \${attempts} attempts\`);
  const double = defineSaga<{ n: number }>({ name: 'double', steps: [{ name: 'double', action: ({ input }) => input.n * 2 }] });
  const orchestrator = new SagaOrchestrator({ store: new SqliteSagaStore({ filename: ':memory:' }), definitions: [double] });
  const record = await orchestrator.run('double', { id: 'saga-1', input: { n: 21 } });
  console.log(\`saga: \${record.state.status}\`);
  await orchestrator.close();
}
main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
`,
};

describe.skipIf(npmMissing)('the packed tarball, installed into a fresh strict TypeScript project', () => {
  let scratch = '';

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'pacelc-consumer-'));
    const built = statSync(join(root, 'dist/index.js'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
    const source = newest(join(root, 'src'), (name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
    let packFrom = root;
    if (built < source) {
      // A stale dist/ (sources edited since the last build): build a fresh one beside a copy of the
      // package's other files, and pack that, leaving the repository's dist/ alone.
      if (process.env['CI'] === 'true') throw new Error('dist/ is missing or older than src/: CI must build before testing');
      console.warn('consumer test: dist/ is older than src/, so the package is built into a scratch copy first (slower; `npm run build` avoids it)');
      packFrom = join(scratch, 'package');
      const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { files: string[] };
      for (const entry of ['package.json', 'README.md', 'LICENSE', ...manifest.files.filter((file) => !file.startsWith('!') && file !== 'dist')]) {
        cpSync(join(root, entry), join(packFrom, entry), { recursive: true });
      }
      execFileSync(process.execPath, [join(modules, 'typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', join(packFrom, 'dist')], { cwd: root });
    }
    const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], { cwd: packFrom, encoding: 'utf8' })) as { filename: string }[];
    const tarball = join(scratch, packed[0]?.filename ?? '');
    const link = (name: string) => `file:${join(modules, name)}`;
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({
      name: 'consumer',
      version: '1.0.0',
      private: true,
      type: 'commonjs', // what `npm init -y` writes: .ts compiles to CommonJS, .mts to ES modules
      dependencies: {
        pacelc: `file:${tarball}`,
        yaml: link('yaml'),
        zod: link('zod'),
        'better-sqlite3': link('better-sqlite3'),
        '@types/better-sqlite3': link('@types/better-sqlite3'),
        '@types/node': link('@types/node'),
      },
    }));
    execFileSync('npm', ['install', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: scratch, encoding: 'utf8' });
    writeFileSync(join(scratch, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, skipLibCheck: false, types: ['node'], outDir: 'out' },
      include: ['src'],
    }));
    for (const [name, text] of Object.entries(programs)) {
      writeFileSync(join(scratch, `${name}.mts`), text);
      writeFileSync(join(scratch, `${name}.ts`), text);
    }
    execFileSync('sh', ['-c', 'mkdir src && mv *.ts *.mts src/'], { cwd: scratch });
  }, 600_000);

  afterAll(() => {
    if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
  });

  it('compiles both module systems with strict TypeScript, no skipLibCheck', () => {
    const tsc = spawnSync(process.execPath, [join(modules, 'typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: scratch, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 600_000);

  const specFile = join(root, 'examples/specs/bank-ledger.yaml');
  const historyFile = join(root, 'examples/histories/stale-read.jsonl');
  const expected: Record<string, string> = {
    design: design(parseSpec(readFileSync(specFile, 'utf8'))).entities.map((entity) => `${entity.name}: ${entity.consistency.choice}\n`).join(''),
    verify: `linearizable: ${checkHistory(parseHistory(readFileSync(historyFile, 'utf8'), historyFile), { model: 'register' }).verdict}\n`,
    build: 'retry: ok after 3 attempts\nsaga: completed\n',
  };

  for (const [system, extension] of [['ES modules', 'mjs'], ['CommonJS', 'js']] as const) {
    for (const pillar of Object.keys(programs)) {
      it(`runs the ${pillar} program as ${system}`, () => {
        const run = spawnSync(process.execPath, [`out/${pillar}.${extension}`], { cwd: scratch, encoding: 'utf8' });
        expect(run.stderr).toBe('');
        expect(run.stdout).toBe(expected[pillar]);
        expect(run.status).toBe(0);
      });
    }
  }

  it('compiled CommonJS really requires the package', () => {
    expect(readFileSync(join(scratch, 'out/build.js'), 'utf8')).toContain('require("pacelc/saga/sqlite")');
  });
});
