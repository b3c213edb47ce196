// The rows of the check timeline: Porcupine's layout (a group per key, a row per client within
// it) or one row per client across all keys. Each row's operations are sorted by call and never
// overlap (a client runs one operation at a time), which makes drawing and hovering a binary search.
import type { CheckReportData } from '../../src/lab/check-report-data.js';

export type LaneMode = 'key' | 'client';

export interface Row {
  readonly label: string;
  /** A group's heading row (the key), drawn without operations. */
  readonly header: boolean;
  /** Indexes into the operation columns, sorted by call. */
  readonly operations: Int32Array;
}

/** Builds the rows; `firstKey` (the failing key) is put first in key mode. */
export function buildRows(data: CheckReportData, mode: LaneMode, firstKey?: number): Row[] {
  const { operations } = data;
  const count = operations.id.length;
  const order = Int32Array.from({ length: count }, (_, index) => index).sort((left, right) => (operations.call[left] as number) - (operations.call[right] as number) || left - right);
  const groups = new Map<string, number[]>();
  const push = (group: string, index: number): void => {
    let list = groups.get(group);
    if (list === undefined) groups.set(group, (list = []));
    list.push(index);
  };
  for (const index of order) {
    const process = operations.process[index] as number;
    if (mode === 'client') push(`${process}`, index);
    else push(`${operations.key[index] as number} ${process}`, index);
  }
  const rows: Row[] = [];
  if (mode === 'client') {
    const processes = [...groups.keys()].map(Number).sort((left, right) => compareNames(data.processes[left] ?? '', data.processes[right] ?? ''));
    for (const process of processes) rows.push({ label: `client ${data.processes[process] ?? process}`, header: false, operations: Int32Array.from(groups.get(`${process}`) ?? []) });
    return rows;
  }
  const byKey = new Map<number, number[]>();
  for (const group of groups.keys()) {
    const [key, process] = group.split(' ').map(Number) as [number, number];
    let list = byKey.get(key);
    if (list === undefined) byKey.set(key, (list = []));
    list.push(process);
  }
  const keys = [...byKey.keys()].sort((left, right) => Number(right === firstKey) - Number(left === firstKey) || compareNames(data.keys[left] ?? '', data.keys[right] ?? ''));
  const singleUnnamedKey = keys.length === 1 && data.keys[keys[0] as number] === '';
  for (const key of keys) {
    const name = data.keys[key] ?? '';
    if (!singleUnnamedKey) rows.push({ label: name === '' ? '(no key)' : `key ${name}`, header: true, operations: new Int32Array(0) });
    const processes = (byKey.get(key) ?? []).sort((left, right) => compareNames(data.processes[left] ?? '', data.processes[right] ?? ''));
    for (const process of processes) rows.push({ label: `client ${data.processes[process] ?? process}`, header: false, operations: Int32Array.from(groups.get(`${key} ${process}`) ?? []) });
  }
  return rows;
}

/** Numbers in numeric order ("2" before "10"), then names. */
function compareNames(left: string, right: string): number {
  const a = Number(left);
  const b = Number(right);
  if (left !== '' && right !== '' && Number.isFinite(a) && Number.isFinite(b)) return a - b;
  return left < right ? -1 : left > right ? 1 : 0;
}
