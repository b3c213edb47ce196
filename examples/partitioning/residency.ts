// Geographic placement with a residency rule, and what happens when a membership change would
// break it. Run: npx tsx examples/partitioning/residency.ts
import { GeoPartitioner, ResidencyError } from 'pacelc/partitioning';

export function main(): string[] {
  const nodes = [
    { id: 'fra-1', region: 'eu-central', zone: 'eu-central-1a' },
    { id: 'fra-2', region: 'eu-central', zone: 'eu-central-1b' },
    { id: 'dub-1', region: 'eu-west', zone: 'eu-west-1a' },
    { id: 'iad-1', region: 'us-east', zone: 'us-east-1a' },
    { id: 'iad-2', region: 'us-east', zone: 'us-east-1b' },
  ];
  const geo = GeoPartitioner.create(nodes, {
    rules: [{ name: 'gdpr', keyPrefix: 'eu:', regions: ['eu-central', 'eu-west'] }],
    replicas: 3,
  });
  const lines = [
    `eu:user:42 -> ${geo.replicasFor('eu:user:42', 3).join(', ')}`,
    `us:user:42 -> ${geo.replicasFor('us:user:42', 3).join(', ')}`,
  ];
  try {
    geo.withNodes(nodes.filter((node) => node.id !== 'dub-1')); // decommission Dublin
  } catch (error) {
    if (!(error instanceof ResidencyError)) throw error;
    lines.push(`without dub-1: ${error.code}: ${error.message}`);
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of main()) console.log(line);
