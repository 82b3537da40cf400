import type { RegionLevel } from './codes.ts';
import { codeKey, codeOfKey, levelOfLength } from './region-keys.ts';

/**
 * The regions of one level in three flat structures: sorted numeric codes, and all names in one
 * string cut by offsets. About 2.6 MB for all 91,599 regions, where one object per region took
 * ~21 MB of heap (and ~55 MB of RSS with the parse).
 */
export interface LevelTable {
  readonly level: RegionLevel;
  /** Sorted, distinct `codeKey`s. */
  readonly keys: Float64Array;
  /** Name `i` is `names.slice(nameStarts[i], nameStarts[i + 1])`; `keys.length + 1` entries. */
  readonly nameStarts: Uint32Array;
  readonly names: string;
}

/** The first index whose key is ≥ `key` (`keys.length` when none is). */
export function lowerBound(keys: Float64Array, key: number): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((keys[middle] as number) < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The index of `key`, or -1. */
export function indexOfKey(table: LevelTable, key: number): number {
  const at = lowerBound(table.keys, key);
  return at < table.keys.length && table.keys[at] === key ? at : -1;
}

export function nameAt(table: LevelTable, index: number): string {
  return table.names.slice(table.nameStarts[index], table.nameStarts[index + 1]);
}

/**
 * Packs the rows of one level given in any order: `keys[i]` is named
 * `names.slice(nameStarts[i], nameStarts[i + 1])`. A repeated code is rejected.
 */
export function packLevel(
  level: RegionLevel,
  keys: readonly number[],
  nameStarts: readonly number[],
  names: string,
): LevelTable {
  let sorted = true;
  for (let index = 1; index < keys.length && sorted; index += 1)
    sorted = (keys[index] as number) > (keys[index - 1] as number);
  if (sorted) return { level, keys: Float64Array.from(keys), nameStarts: Uint32Array.from(nameStarts), names };

  const order = keys.map((_, index) => index).sort((a, b) => (keys[a] as number) - (keys[b] as number));
  const parts = order.map((index) => names.slice(nameStarts[index], nameStarts[index + 1]));
  const starts = [0];
  for (const part of parts) starts.push((starts[starts.length - 1] as number) + part.length);
  const table: LevelTable = {
    level,
    keys: Float64Array.from(order, (index) => keys[index] as number),
    nameStarts: Uint32Array.from(starts),
    names: parts.join(''),
  };
  for (let index = 1; index < table.keys.length; index += 1)
    if (table.keys[index] === table.keys[index - 1])
      throw new Error(`region list: ${level} code "${codeOfKey(table.keys[index] as number, level)}" appears twice`);
  return table;
}

/** Collects the rows of one level as strings; malformed codes and codes of another level are rejected. */
export class LevelTableBuilder {
  private readonly keys: number[] = [];
  private readonly names: string[] = [];
  private readonly starts: number[] = [0];

  constructor(readonly level: RegionLevel) {}

  add(code: string, name: string): void {
    const key = codeKey(code);
    if (key < 0 || levelOfLength(code.length) !== this.level)
      throw new Error(`region list: malformed ${this.level} code "${code}"`);
    this.keys.push(key);
    this.names.push(name);
    this.starts.push((this.starts[this.starts.length - 1] as number) + name.length);
  }

  finish(): LevelTable {
    return packLevel(this.level, this.keys, this.starts, this.names.join(''));
  }
}
