import type { EntityContext } from '../../context.js';
import type { PartitioningDesign } from '../../design-types.js';
import type { DecisionRule } from '../../rule.js';
import { ddiaChapter, literature } from '../../sources.js';
import { otherStrategies } from './shared.js';

/** Geo queries (nearby drivers, local listings) → geographic partitioning by area cell. */
export const geoAccessPartitioning: DecisionRule<EntityContext, PartitioningDesign> = {
  id: 'partitioning.geo-access',
  title: 'Location queries: partition by geographic cell',
  sources: [literature.spanner, ddiaChapter(6, 'Partitioning', 'Skewed Workloads and Relieving Hot Spots')],
  decide: (context) => {
    if (!(context.entity.access ?? []).includes('geo')) return undefined;
    return {
      choice: {
        strategy: 'geographic',
        key: '(region, geocell)',
        hotKeyMitigation: 'size cells by load, not area: split dense cells (city centres, airports) into finer cells and merge sparse ones',
      },
      summary: 'geographic: region, then a geocell (S2/H3/geohash) per partition; nearby queries read the cell and its neighbours',
      why: `${context.entity.name} is queried by location: a geocell key keeps nearby items in one partition, so “what is near me” reads a handful of cells in the caller’s region instead of every partition.`,
      tradeOff: 'Load follows population: dense cells get hot (split them), and items that move (vehicles) change partition as they cross cell edges.',
      alternatives: otherStrategies('geographic', { 'consistent-hashing': 'a nearby query would fan out to every partition', range: 'a one-dimensional range cannot keep two-dimensional neighbours together' }),
    };
  },
};
