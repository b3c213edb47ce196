// Every requirement of an entity, not only its consistency model, decides an engine's ✓ (docs/engines.md).
import { engineNames, engineSettings } from 'pacelc/advisor';
import type { EngineSettingsRequest } from 'pacelc/advisor';

const linearizable: EngineSettingsRequest = {
  consistency: 'linearizable',
  replication: { kind: 'leader-follower', mode: 'synchronous', replicas: 5, synchronousAcks: 2, consensusFailover: true },
  multiRegionWrites: false,
  regionCount: 1,
  durableAcknowledgedWrites: true,
};

const rows: readonly [string, EngineSettingsRequest][] = [
  ['linearizable, one region', linearizable],
  ['+ EU/US residency, 2 regions each', { ...linearizable, regionCount: 2, regions: ['eu-central-1', 'eu-west-1'], placements: [{ jurisdiction: 'EU', regions: ['eu-central-1', 'eu-west-1'] }, { jurisdiction: 'US', regions: ['us-east-1', 'us-west-2'] }] }],
  ['+ writes in us-east-1 and eu-west-1', { ...linearizable, regionCount: 2, multiRegionWrites: true, regions: ['us-east-1', 'eu-west-1'] }],
  ['+ 3 TB of data', { ...linearizable, sizeGb: 3_000 }],
  ['+ 10 ms writes, copy 15 ms away', { ...linearizable, regionCount: 3, regions: ['us-east-1', 'us-east-2', 'us-west-2'], writeP99Ms: 10, nearestRegionRttMs: 15, synchronousAcrossRegions: true }],
  ['eventual, CRDT merge in 2 regions', { ...linearizable, consistency: 'eventual', multiRegionWrites: true, regionCount: 2, replication: { kind: 'multi-leader', conflictResolution: 'crdt' } }],
];

export function main(): string[] {
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = [`${'requirement'.padEnd(width)}  ${engineNames.map((engine) => engine.slice(0, 6).padEnd(6)).join(' ')}`];
  for (const [label, request] of rows) {
    const marks = engineSettings(request).map((settings) => (settings.meetsRequest ? '✓' : '✗').padEnd(6));
    lines.push(`${label.padEnd(width)}  ${marks.join(' ')}`.trimEnd());
  }
  lines.push('', 'why the ✗ in the residency row:');
  for (const settings of engineSettings(rows[1]?.[1] ?? linearizable)) {
    if (!settings.meetsRequest) lines.push(`  ${settings.engine}: ${settings.gaps?.[0] ?? `delivers ${settings.delivers}`}`);
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of main()) console.log(line);
