// bench/RESULTS.md holds the latest figures of each benchmark, one section each: a new run replaces
// its benchmark's section in place (git keeps the history) instead of appending a second one.

/** The sections of a results file: the preamble, then each `### name (date)` section in order. */
function splitSections(markdown: string): { preamble: string; sections: { name: string; text: string }[] } {
  const heading = /^### (\S+) \(/gm;
  const starts = [...markdown.matchAll(heading)].map((match) => ({ name: match[1] ?? '', index: match.index ?? 0 }));
  const preamble = markdown.slice(0, starts[0]?.index ?? markdown.length);
  const sections = starts.map((start, position) => ({
    name: start.name,
    text: markdown.slice(start.index, starts[position + 1]?.index ?? markdown.length),
  }));
  return { preamble, sections };
}

/**
 * The results file with `section` (which starts with `### name (date)`) in place of that benchmark's
 * earlier sections: at the position of the first, the others removed. Appended when it is new.
 */
export function replaceSection(markdown: string, section: string): string {
  const incoming = splitSections(section.trimStart()).sections[0];
  if (incoming === undefined) throw new RangeError('a results section must start with "### <name> (<date>)"');
  const { preamble, sections } = splitSections(markdown);
  const text = `${incoming.text.trimEnd()}\n\n`;
  let placed = false;
  const kept: string[] = [];
  for (const existing of sections) {
    if (existing.name !== incoming.name) kept.push(existing.text.endsWith('\n\n') ? existing.text : `${existing.text.trimEnd()}\n\n`);
    else if (!placed) {
      kept.push(text);
      placed = true;
    }
  }
  if (!placed) kept.push(text);
  return `${preamble}${kept.join('')}`.trimEnd() + '\n';
}

/** Keeps the last section of each benchmark (for a file written before sections were replaced). */
export function keepLatestSections(markdown: string): string {
  const { sections } = splitSections(markdown);
  let result = markdown;
  const latest = new Map(sections.map((section) => [section.name, section.text]));
  for (const text of latest.values()) result = replaceSection(result, text);
  return result;
}
