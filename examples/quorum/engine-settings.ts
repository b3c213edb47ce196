// Engine settings for one entity: linearizable, synchronous leader-follower, 3 copies in one region (docs/engines.md).
import { engineSettings } from 'pacelc/advisor';
import type { EngineSettingsRequest } from 'pacelc/advisor';

export const request: EngineSettingsRequest = {
  consistency: 'linearizable',
  replication: { kind: 'leader-follower', mode: 'synchronous', replicas: 3, synchronousAcks: 1, consensusFailover: true },
  multiRegionWrites: false,
  regionCount: 1,
  durableAcknowledgedWrites: true,
};

export function main(): string[] {
  const all = engineSettings(request);
  const lines = ['engine       delivers      meets  versions'];
  for (const settings of all) {
    lines.push(`${settings.engine.padEnd(11)}  ${settings.delivers.padEnd(12)}  ${(settings.meetsRequest ? 'yes' : 'NO').padEnd(5)}  ${settings.versions}`);
  }
  const [postgres] = engineSettings(request, { engines: ['postgresql'] });
  if (postgres !== undefined) {
    lines.push('', `postgresql (${postgres.versions}):`);
    for (const p of postgres.parameters) lines.push(`  [${p.scope}] ${p.name} = ${p.value}`);
    lines.push('  caveats:');
    for (const caveat of postgres.caveats) lines.push(`  - ${caveat}`);
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of main()) console.log(line);
