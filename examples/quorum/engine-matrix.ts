// What each engine delivers for each consistency model, for one replication and topology (docs/engines.md).
import { consistencyModels, engineNames, engineSettings } from 'pacelc/advisor';
import type { EngineSettingsRequest } from 'pacelc/advisor';

export function matrix(shape: Omit<EngineSettingsRequest, 'consistency'>): string[] {
  const width = Math.max(...engineNames.map((name) => name.length));
  const header = `${'requested →'.padEnd(width)}  ${consistencyModels.map((model) => model.padEnd(18)).join(' ')}`;
  const lines = [header];
  const byModel = consistencyModels.map((consistency) => engineSettings({ ...shape, consistency, stalenessBoundMs: 10_000 }));
  engineNames.forEach((engine, row) => {
    const cells = byModel.map((all) => {
      const settings = all[row];
      if (settings === undefined) return ''.padEnd(18);
      return `${settings.meetsRequest ? '✓' : '✗'} ${settings.delivers}${(settings.gaps?.length ?? 0) > 0 ? '*' : ''}`.padEnd(18);
    });
    lines.push(`${engine.padEnd(width)}  ${cells.join(' ')}`);
  });
  return lines;
}

export function main(): string[] {
  const oneRegion = matrix({
    replication: { kind: 'leader-follower', mode: 'synchronous', replicas: 3, synchronousAcks: 1, consensusFailover: true },
    multiRegionWrites: false,
    regionCount: 1,
    durableAcknowledgedWrites: true,
  });
  const multiWrite = matrix({
    replication: { kind: 'multi-leader', conflictResolution: 'last-writer-wins' },
    multiRegionWrites: true,
    regionCount: 3,
    durableAcknowledgedWrites: true,
  });
  return [
    'one region, 3 copies, synchronous leader-follower, durable writes:',
    ...oneRegion,
    '',
    'three regions, writes in every region (multi-leader, last-writer-wins), durable writes:',
    ...multiWrite,
    '',
    '✓ meets the requested model and every other requirement; ✗ does not (*: because of another requirement, see gaps)',
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of main()) console.log(line);
