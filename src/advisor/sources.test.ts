import { describe, expect, it } from 'vitest';
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

  it('cites the seed by section and DDIA by chapter', () => {
    expect(seed('Anti-Patterns').detail).toBe('Anti-Patterns');
    expect(ddiaChapter(5, 'Replication', 'Leaders and Followers').detail).toBe('ch. 5, Replication — Leaders and Followers');
  });
});
