// The output a docs page shows under a command: the plain ``` block after the ```sh block that runs
// it. Example tests compare their program's real output with it, so a page cannot drift from the
// program it describes.
import { readFileSync } from 'node:fs';

/** The lines shown under `command` on docs page `page` (e.g. `'partitioning.md'`). Throws if the page does not show it. */
export function shownOutput(page: string, command: string): string[] {
  const markdown = readFileSync(new URL(`../docs/${page}`, import.meta.url), 'utf8');
  for (const match of markdown.matchAll(/^```sh\n([\s\S]*?)^```\n\n^```(?:console|text)?\n([\s\S]*?)^```$/gm)) {
    if ((match[1] ?? '').trim() === command) return (match[2] ?? '').replace(/\n$/, '').split('\n');
  }
  throw new Error(`docs/${page} shows no output for ${command}`);
}
