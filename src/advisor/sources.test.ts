import { describe, expect, it } from 'vitest';
import { allRules } from './rules/index.js';
import { ddiaChapter, literature, seed } from './sources.js';

describe('sources', () => {
  it('every work has a title with its year, and links are https and unique', () => {
    const works = Object.values(literature);
    for (const work of works) {
      expect(work.title).toMatch(/\d{4}|Pattern|documentation|Architecture Center/);
      if ('url' in work) expect(work.url).toMatch(/^https:\/\//);
    }
    const urls = works.flatMap((work) => ('url' in work ? [work.url] : []));
    expect(new Set(urls).size).toBe(urls.length);
  });

  it('cites DDIA by chapter', () => {
    expect(ddiaChapter(5, 'Replication', 'Leaders and Followers').detail).toBe('ch. 5, Replication — Leaders and Followers');
  });

  it('every rule cites at least one published source a reader can follow, and none the unpublished notes (issue 19, item 11)', () => {
    expect(allRules.length).toBeGreaterThan(40);
    const unpublished = seed('any').title;
    for (const rule of allRules) {
      expect(rule.sources.length, rule.id).toBeGreaterThan(0);
      for (const source of rule.sources) {
        expect(source.title, rule.id).not.toBe(unpublished);
        expect(source.title, rule.id).not.toMatch(/seed/i);
      }
    }
  });

  it('keeps the deprecated seed() for code written against earlier versions', () => {
    expect(seed('Anti-Patterns').detail).toBe('Anti-Patterns');
  });
});
