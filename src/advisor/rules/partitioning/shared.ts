import type { EntityContext } from '../../context.js';
import type { Alternative } from '../../design-types.js';

/** Reads per write of an entity: its `readWriteRatio`, else its read and write volumes, else unknown. */
export function readsPerWrite(entity: EntityContext['entity']): number | undefined {
  if (entity.readWriteRatio !== undefined) return entity.readWriteRatio;
  const reads = entity.volume?.readsPerSecond;
  const writes = entity.volume?.writesPerSecond;
  if (reads !== undefined && writes !== undefined && writes > 0) return reads / writes;
  return undefined;
}

/**
 * Which side of a hot key is hot: a key read thousands of times per write is a read problem
 * (cache, replicas), a key written often is a write problem (split, escrow, queue), a ranking is
 * neither (one top-K per partition, merged).
 *
 * @example
 * ```ts
 * hotKeySide(context); // 'read' for a short link read 10,000 times per write
 * ```
 */
export function hotKeySide(context: EntityContext): 'read' | 'write' | 'ranking' {
  if ((context.entity.access ?? []).includes('top-k')) return 'ranking';
  const ratio = readsPerWrite(context.entity);
  return ratio !== undefined && ratio >= 100 ? 'read' : 'write';
}

/** How to relieve hot keys when the spec says hot keys are likely, by which side is hot. */
export function hotKeyMitigation(context: EntityContext): { hotKeyMitigation: string } | Record<string, never> {
  if (context.entity.hotKeys !== 'high') return {};
  const key = context.entity.key;
  switch (hotKeySide(context)) {
    case 'ranking':
      return {
        hotKeyMitigation: `a ranking is not split by key: each partition keeps its own top-K (a heap or sorted set of its candidates), and a periodic job (every second or so) merges the per-partition top-Ks into the global one that readers get from a cache; the merged top-K is exact because the global top-K is contained in the union of the partitions' top-Ks`,
      };
    case 'read':
      return {
        hotKeyMitigation: `read-hot ${key}s (about ${Math.round(readsPerWrite(context.entity) ?? 0)} reads per write): serve them from a cache in front of the store (request coalescing, a short TTL or invalidation on the rare write) and from read replicas or an edge cache; do not split the key, since its writes are rare`,
      };
    case 'write':
      return {
        hotKeyMitigation: `split each write-hot ${key} into N sub-keys (${key}#0..N-1) for writes and combine them on read; serve hot reads from a cache with request coalescing`,
      };
  }
}

export function otherStrategies(chosen: string, overrides: Partial<Record<string, string>> = {}): Alternative[] {
  const all: Record<string, string> = {
    none: 'one partition cannot grow past one node’s storage and write capacity',
    'consistent-hashing': 'scatters neighbouring keys, so range and area queries touch every partition',
    range: 'sequential or skewed keys pile onto one partition (hot spots) unless the key is spread',
    geographic: 'only helps when location drives access or residency; otherwise it unbalances partitions',
  };
  return Object.entries(all)
    .filter(([choice]) => choice !== chosen)
    .map(([choice, whyRejected]) => ({ choice, whyRejected: overrides[choice] ?? whyRejected }));
}
