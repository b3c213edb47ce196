/**
 * Typical round trips between common regions of the three large clouds, for pairs the spec does
 * not measure itself (`system.latency` always wins). Values are typical VM-to-VM round trips
 * inside one cloud's backbone, rounded to 5 ms (1 ms steps below 10 ms), in line with the ranges
 * the sources below publish (Azure, for example: 3–28 ms between European regions); they were not
 * copied pair by pair from the live dashboards, which change month to month, so a real
 * deployment may differ by 10–20% or more: measure and state `system.latency` where it matters.
 * Pairs not listed fall back to continent-scale area estimates.
 */

/**
 * Where the figures come from, and when they were compiled.
 *
 * @example
 * ```ts
 * roundTripTableSource.compiled; // '2026-12'
 * ```
 */
export const roundTripTableSource = {
  compiled: '2026-12',
  sources: [
    { title: 'AWS: CloudPing inter-region latency matrix (p50, 1-year timeframe)', url: 'https://www.cloudping.co/grid' },
    { title: 'Microsoft Learn: Azure network round-trip latency statistics (ThousandEyes monthly averages)', url: 'https://learn.microsoft.com/azure/networking/azure-network-latency' },
    { title: 'Google Cloud: inter-region latency and throughput (PerfKit Benchmarker dashboard)', url: 'https://datastudio.google.com/reporting/fc733b10-9744-4a72-a502-92290f608571' },
  ],
} as const;

/** [region, region, round trip in ms], each pair once. */
const pairs: readonly (readonly [string, string, number])[] = [
  // AWS, North America
  ['us-east-1', 'us-east-2', 12],
  ['us-east-1', 'us-west-1', 60],
  ['us-east-1', 'us-west-2', 65],
  ['us-east-1', 'ca-central-1', 15],
  ['us-east-2', 'us-west-1', 50],
  ['us-east-2', 'us-west-2', 50],
  ['us-east-2', 'ca-central-1', 25],
  ['us-west-1', 'us-west-2', 20],
  ['us-west-2', 'ca-central-1', 60],
  // AWS, Europe
  ['eu-west-1', 'eu-west-2', 10],
  ['eu-west-1', 'eu-west-3', 17],
  ['eu-west-1', 'eu-central-1', 25],
  ['eu-west-1', 'eu-north-1', 40],
  ['eu-west-2', 'eu-west-3', 8],
  ['eu-west-2', 'eu-central-1', 15],
  ['eu-west-3', 'eu-central-1', 10],
  ['eu-central-1', 'eu-north-1', 20],
  ['eu-central-1', 'eu-south-1', 10],
  // AWS, Asia Pacific
  ['ap-northeast-1', 'ap-northeast-2', 35],
  ['ap-northeast-1', 'ap-northeast-3', 10],
  ['ap-northeast-1', 'ap-southeast-1', 70],
  ['ap-northeast-1', 'ap-southeast-2', 105],
  ['ap-southeast-1', 'ap-southeast-2', 95],
  ['ap-southeast-1', 'ap-south-1', 60],
  // AWS, across continents
  ['us-east-1', 'eu-west-1', 70],
  ['us-east-1', 'eu-west-2', 75],
  ['us-east-1', 'eu-central-1', 90],
  ['us-east-2', 'eu-central-1', 100],
  ['us-west-2', 'eu-west-1', 125],
  ['us-west-2', 'eu-central-1', 140],
  ['us-east-1', 'ap-northeast-1', 145],
  ['us-west-2', 'ap-northeast-1', 100],
  ['us-east-1', 'ap-southeast-1', 215],
  ['us-west-2', 'ap-southeast-1', 165],
  ['us-east-1', 'ap-southeast-2', 195],
  ['us-west-2', 'ap-southeast-2', 140],
  ['us-east-1', 'sa-east-1', 115],
  ['eu-west-1', 'ap-northeast-1', 200],
  ['eu-central-1', 'ap-northeast-1', 225],
  ['eu-central-1', 'ap-southeast-1', 160],
  ['eu-central-1', 'ap-south-1', 120],
  // Google Cloud
  ['us-east1', 'us-east4', 13],
  ['us-east1', 'us-central1', 35],
  ['us-east4', 'us-central1', 25],
  ['us-central1', 'us-west1', 35],
  ['us-east1', 'us-west1', 65],
  ['us-east4', 'us-west1', 60],
  ['europe-west1', 'europe-west4', 7],
  ['europe-west1', 'europe-west3', 9],
  ['europe-west1', 'europe-west2', 7],
  ['europe-west3', 'europe-west4', 8],
  ['europe-west2', 'europe-west4', 9],
  ['us-east1', 'europe-west1', 90],
  ['us-east4', 'europe-west2', 75],
  ['us-central1', 'europe-west1', 100],
  ['asia-northeast1', 'asia-southeast1', 70],
  ['asia-northeast1', 'asia-east1', 35],
  ['us-west1', 'asia-northeast1', 90],
  ['europe-west1', 'asia-northeast1', 220],
  // Azure
  ['eastus', 'eastus2', 7],
  ['eastus', 'centralus', 25],
  ['eastus', 'westus2', 65],
  ['eastus2', 'westus2', 65],
  ['centralus', 'westus2', 40],
  ['westeurope', 'northeurope', 17],
  ['westeurope', 'germanywestcentral', 9],
  ['westeurope', 'uksouth', 10],
  ['northeurope', 'uksouth', 12],
  ['eastus', 'westeurope', 80],
  ['eastus', 'northeurope', 70],
  ['westus2', 'westeurope', 140],
  ['japaneast', 'southeastasia', 70],
  ['westeurope', 'southeastasia', 150],
];

const table = new Map<string, number>();
for (const [a, b, rttMs] of pairs) table.set(pairKey(a, b), rttMs);

/**
 * The tabulated round trip between two cloud regions, in ms, or undefined when the pair is not
 * in the table.
 *
 * @example
 * ```ts
 * tabulatedRoundTripMs('us-east-1', 'us-east-2'); // 12
 * tabulatedRoundTripMs('dc-7', 'dc-9');           // undefined
 * ```
 */
export function tabulatedRoundTripMs(from: string, to: string): number | undefined {
  return table.get(pairKey(from.toLowerCase(), to.toLowerCase()));
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}
