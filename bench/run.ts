// `npm run bench -- <name> [<name> ...] [--quick] [--no-write]`: runs bench/<name>.bench.ts, prints its
// tables, and writes them to bench/RESULTS.md with the machine, Node version and date, in place of
// that benchmark's previous section.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type BenchSuite, machineLine, renderTable } from './harness.js';
import { replaceSection } from './results-file.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { quick: { type: 'boolean', default: false }, 'no-write': { type: 'boolean', default: false } },
});

const available = (await readdir(new URL('.', import.meta.url))).filter((file) => file.endsWith('.bench.ts')).map((file) => file.replace(/\.bench\.ts$/, ''));
if (positionals.length === 0) {
  console.log(`usage: npm run bench -- <name> [--quick] [--no-write]\nbenchmarks: ${available.join(', ')}`);
  process.exit(2);
}
for (const name of positionals) {
  if (!available.includes(name)) {
    console.error(`no benchmark "${name}"; available: ${available.join(', ')}`);
    process.exit(2);
  }
}

for (const name of positionals) {
  const suite = ((await import(`./${name}.bench.ts`)) as { default: BenchSuite }).default;
  console.log(`\n${suite.name}: ${suite.description}\n${machineLine()}\n`);
  const tables = await suite.run({ quick: values.quick, log: (line) => console.log(line) });
  const rendered = tables.map(renderTable).join('\n');
  console.log(rendered);
  if (!values.quick && !values['no-write']) {
    const date = new Date().toISOString().slice(0, 10);
    const section = `\n### ${suite.name} (${date})\n\n${suite.description}\n\nMachine: ${machineLine()}. Command: \`npm run bench -- ${name}\`.\n\n${rendered}`;
    const resultsFile = new URL('./RESULTS.md', import.meta.url);
    await writeFile(resultsFile, replaceSection(await readFile(resultsFile, 'utf8'), section));
    console.log(`bench/RESULTS.md: section "${suite.name}" replaced`);
  }
}

// A suite may leave a client socket or a watch timer of a peer library open; the figures are
// written, so end here rather than wait on it.
process.exit(0);
