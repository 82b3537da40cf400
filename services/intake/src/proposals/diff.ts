import type { JsonValue } from '@siks/contracts';
import type { Change } from './events.ts';

/**
 * The changed fields between two versions of proposal content, as `{path, from, to}` with
 * dotted paths (`household.members.1.name`). Objects are compared key by key; arrays of
 * objects (members) index by index, so an added or removed member is one change of
 * `members.N` with the whole member; arrays of plain values (programmes) are one value.
 * A field that is absent on one side has no `from` (added) or no `to` (removed).
 */
export function diff(before: unknown, after: unknown): Change[] {
  const changes: Change[] = [];
  walk(before, after, [], changes);
  return changes;
}

function walk(before: unknown, after: unknown, path: string[], out: Change[]): void {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...Object.keys(before), ...Object.keys(after).filter((key) => !Object.hasOwn(before, key))];
    for (const key of keys) walk(before[key], after[key], [...path, key], out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && (before.some(isPlainObject) || after.some(isPlainObject))) {
    const length = Math.max(before.length, after.length);
    for (let index = 0; index < length; index += 1) walk(before[index], after[index], [...path, String(index)], out);
    return;
  }
  if (deepEqual(before, after)) return;
  const change: Change = { path: path.join('.') };
  if (before !== undefined) change.from = before as JsonValue;
  if (after !== undefined) change.to = after as JsonValue;
  out.push(change);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keysA = Object.keys(a).filter((key) => a[key] !== undefined);
    const keysB = Object.keys(b).filter((key) => b[key] !== undefined);
    return keysA.length === keysB.length && keysA.every((key) => deepEqual(a[key], b[key]));
  }
  return false;
}
