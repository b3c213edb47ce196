import type { EntityContext } from '../../context.js';
import type { Alternative } from '../../design-types.js';

/** How to split hot keys when the spec says hot keys are likely. */
export function hotKeyMitigation(context: EntityContext): { hotKeyMitigation: string } | Record<string, never> {
  if (context.entity.hotKeys !== 'high') return {};
  return {
    hotKeyMitigation: `split each hot ${context.entity.key} into N sub-keys (${context.entity.key}#0..N-1) for writes and combine them on read; serve hot reads from a cache with request coalescing`,
  };
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
