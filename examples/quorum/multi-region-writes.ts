// Linearizable data written in three regions: what Cosmos DB and DynamoDB answer (docs/engines.md).
import { engineSettings } from 'pacelc/advisor';

export function main(): string[] {
  const lines: string[] = [];
  const answers = engineSettings(
    {
      consistency: 'linearizable',
      replication: { kind: 'multi-leader', conflictResolution: 'last-writer-wins' },
      multiRegionWrites: true,
      regionCount: 3,
      durableAcknowledgedWrites: true,
    },
    { engines: ['cosmosdb', 'dynamodb'] },
  );
  for (const settings of answers) {
    lines.push(`${settings.engine}: delivers ${settings.delivers}, meetsRequest ${settings.meetsRequest}`);
    for (const p of settings.parameters) lines.push(`  [${p.scope}] ${p.name} = ${p.value}`);
    for (const gap of settings.gaps ?? []) lines.push(`  gap: ${gap}`);
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of main()) console.log(line);
