import type { Area, SystemSpec } from './spec/schema.js';
import { tabulatedRoundTripMs } from './round-trip-table.js';
import { regionName } from './spec/cross-check.js';

/** One region with its area, as the advisor sees it, e.g. `{ name: 'eu-west-1', area: 'europe' }`. */
export interface RegionInfo {
  readonly name: string;
  readonly area: Area | 'unknown';
}

/** A round trip between two regions, and whether it was measured (in the spec) or estimated, e.g. `{ rttMs: 80, measured: false }`. */
export interface RoundTrip {
  readonly rttMs: number;
  readonly measured: boolean;
  /** Where the figure comes from: the spec, the per-pair cloud table, or the area estimate. */
  readonly basis?: 'spec' | 'cloud-table' | 'area-estimate';
}

/**
 * Typical round trips between continent-scale areas, in milliseconds, for region pairs that are
 * neither measured in the spec nor in the per-pair cloud table (round-trip-table.ts). Same-area
 * figures are typical of regions a few hundred to a couple of thousand km apart.
 */
const areaRoundTripMs: Record<Area, Record<Area, number>> = {
  'north-america': { 'north-america': 60, 'south-america': 120, europe: 80, 'middle-east': 160, africa: 220, 'asia-pacific': 150, oceania: 190 },
  'south-america': { 'north-america': 120, 'south-america': 60, europe: 190, 'middle-east': 280, africa: 330, 'asia-pacific': 290, oceania: 310 },
  europe: { 'north-america': 80, 'south-america': 190, europe: 25, 'middle-east': 90, africa: 160, 'asia-pacific': 180, oceania: 260 },
  'middle-east': { 'north-america': 160, 'south-america': 280, europe: 90, 'middle-east': 40, africa: 150, 'asia-pacific': 100, oceania: 190 },
  africa: { 'north-america': 220, 'south-america': 330, europe: 160, 'middle-east': 150, africa: 60, 'asia-pacific': 250, oceania: 280 },
  'asia-pacific': { 'north-america': 150, 'south-america': 290, europe: 180, 'middle-east': 100, africa: 250, 'asia-pacific': 70, oceania: 110 },
  oceania: { 'north-america': 190, 'south-america': 310, europe: 260, 'middle-east': 190, africa: 280, 'asia-pacific': 110, oceania: 30 },
};
const unknownRoundTripMs = 100;

/**
 * The area of a region from its name, for the naming schemes of AWS (`eu-west-1`), Google Cloud
 * (`europe-west4`), Azure (`westeurope`) and plain names (`frankfurt`). `unknown` when unsure.
 *
 * @example
 * ```ts
 * inferArea('ap-southeast-2'); // 'oceania' (Sydney)
 * inferArea('westeurope');     // 'europe'
 * ```
 */
export function inferArea(name: string): Area | 'unknown' {
  const lowered = name.toLowerCase();
  const patterns: ReadonlyArray<readonly [RegExp, Area]> = [
    [/^ap-southeast-[24]\b|australia|^australia-|sydney|melbourne|new-?zealand|oceania/, 'oceania'],
    [/^(us|ca|na)-|^northamerica-|^us[a-z]|[a-z]us\d?$|canada|virginia|ohio|oregon|california|montreal|toronto|^mx-|mexico/, 'north-america'],
    [/^sa-|^southamerica-|brazil|saopaulo|sao-paulo|chile|santiago/, 'south-america'],
    [/^eu-|^europe-|europe|^uk|uk(south|west)|london|frankfurt|paris|ireland|germany|france|sweden|norway|switzerland|italy|spain|poland|amsterdam|zurich|milan|madrid|stockholm/, 'europe'],
    [/^me-|^me[a-z]|middle-?east|uae|qatar|israel|dubai|bahrain|saudi/, 'middle-east'],
    [/^af-|africa|johannesburg|capetown|cape-town/, 'africa'],
    [/^ap-|^asia-|asia|japan|tokyo|osaka|seoul|korea|singapore|india|mumbai|hongkong|hong-kong|jakarta|taiwan|^in-/, 'asia-pacific'],
  ];
  for (const [pattern, area] of patterns) if (pattern.test(lowered)) return area;
  return 'unknown';
}

/**
 * The system's regions with their areas, and the round trip between any two of them: measured
 * when the spec gives it, from the per-pair table of common cloud regions when listed there, estimated
 * from the areas otherwise.
 *
 * @example
 * ```ts
 * const geography = new Geography(spec.system);
 * geography.roundTrip('us-east-1', 'eu-west-1'); // { rttMs: 80, measured: false }
 * ```
 */
export class Geography {
  readonly regions: readonly RegionInfo[];
  readonly #measured = new Map<string, number>();

  constructor(system: SystemSpec) {
    this.regions = system.regions.map((region) => ({
      name: regionName(region),
      area: typeof region === 'string' || region.area === undefined ? inferArea(regionName(region)) : region.area,
    }));
    for (const link of system.latency ?? []) this.#measured.set(pairKey(link.between[0], link.between[1]), link.rttMs);
  }

  /** The region named `name`. */
  region(name: string): RegionInfo {
    return this.regions.find((region) => region.name === name) ?? { name, area: inferArea(name) };
  }

  /** The round trip between two regions (about 1 ms inside one region, across its zones). */
  roundTrip(from: string, to: string): RoundTrip {
    if (from === to) return { rttMs: 1, measured: false };
    const measured = this.#measured.get(pairKey(from, to));
    if (measured !== undefined) return { rttMs: measured, measured: true, basis: 'spec' };
    const tabulated = tabulatedRoundTripMs(from, to);
    if (tabulated !== undefined) return { rttMs: tabulated, measured: false, basis: 'cloud-table' };
    const a = this.region(from).area;
    const b = this.region(to).area;
    if (a === 'unknown' || b === 'unknown') return { rttMs: unknownRoundTripMs, measured: false, basis: 'area-estimate' };
    return { rttMs: areaRoundTripMs[a][b], measured: false, basis: 'area-estimate' };
  }

  /** Whether two regions are on different continents (a round trip crosses an ocean or a continent). */
  crossesContinents(from: string, to: string): boolean {
    const a = this.region(from).area;
    const b = this.region(to).area;
    return a !== b || a === 'unknown';
  }

  /**
   * The least time a write can take when it must be ordered at one place while being accepted in
   * every region of `writers`: the best placement of the ordering point still leaves the farthest
   * writer one round trip away (Gilbert–Lynch; Abadi's PACELC "else" case). Ties go to the
   * placement with the least total round trip over all writers.
   */
  serializationRoundTrip(writers: readonly string[]): { rttMs: number; measured: boolean; placement: string } {
    let best = { rttMs: 0, measured: true, placement: writers[0] ?? '' };
    let bestWorst = Number.POSITIVE_INFINITY;
    let bestTotal = Number.POSITIVE_INFINITY;
    for (const candidate of this.regions) {
      let worst = 0;
      let total = 0;
      let measured = true;
      for (const writer of writers) {
        if (writer === candidate.name) continue;
        const trip = this.roundTrip(writer, candidate.name);
        if (trip.rttMs > worst) worst = trip.rttMs;
        total += trip.rttMs;
        measured &&= trip.measured;
      }
      // Least worst case first; among equals, the least total (the most writers nearby).
      if (worst < bestWorst || (worst === bestWorst && total < bestTotal)) {
        bestWorst = worst;
        bestTotal = total;
        best = { rttMs: worst, measured, placement: candidate.name };
      }
    }
    return best;
  }

  /** The farthest round trip among `names` (0 for one region). */
  widestRoundTrip(names: readonly string[]): RoundTrip {
    let widest: RoundTrip = { rttMs: 0, measured: true };
    for (const a of names) for (const b of names) if (a < b) {
      const trip = this.roundTrip(a, b);
      if (trip.rttMs > widest.rttMs) widest = trip;
    }
    return widest;
  }

  /** The nearest other region to `from` among `names`, with its round trip. */
  nearest(from: string, names: readonly string[]): { name: string; rttMs: number } | undefined {
    let best: { name: string; rttMs: number } | undefined;
    for (const name of names) {
      if (name === from) continue;
      const trip = this.roundTrip(from, name);
      if (best === undefined || trip.rttMs < best.rttMs) best = { name, rttMs: trip.rttMs };
    }
    return best;
  }
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}
