import type { FieldChange, JsonValue } from '@siks/contracts';

/**
 * Field paths over a household's data (see `FieldChange` in @siks/contracts): dotted keys,
 * where a segment under `members` is a member's `nikIndex` (not a position), so a path keeps
 * naming the same person whatever else changes. Sealed blocks and other arrays are whole
 * values.
 */

type Json = JsonValue | undefined;
type JsonObject = { [key: string]: JsonValue };

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isSealedBlock = (value: unknown): boolean =>
  isObject(value) && (value['$sealed'] === 1 || value['$sealed'] === 2);
const isKeyedList = (value: unknown): value is JsonObject[] =>
  Array.isArray(value) && value.every((item) => isObject(item) && typeof item['nikIndex'] === 'string');

/** Whether two JSON values are equal (object key order ignored). */
export function jsonEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a).filter((key) => a[key] !== undefined);
    const other = Object.keys(b).filter((key) => b[key] !== undefined);
    return keys.length === other.length && keys.every((key) => jsonEqual(a[key], b[key]));
  }
  return false;
}

/** `value` with the change applied (`to` absent removes the field or member); never mutates. */
export function applyChange<T>(value: T, change: FieldChange): T {
  return setAt(value as Json, change.path.split('.'), change.to) as T;
}

function setAt(value: Json, segments: readonly string[], to: Json): Json {
  const [head, ...rest] = segments;
  if (head === undefined) return to;
  if (Array.isArray(value)) {
    if (!isKeyedList(value)) throw new Error(`field path: cannot address into a plain list at "${head}"`);
    const index = value.findIndex((item) => item['nikIndex'] === head);
    if (rest.length === 0) {
      if (to === undefined) return value.filter((_, i) => i !== index);
      return index === -1 ? [...value, to] : value.map((item, i) => (i === index ? to : item));
    }
    if (index === -1) throw new Error('field path: no member with that index');
    return value.map((item, i) => (i === index ? (setAt(item, rest, to) as JsonValue) : item));
  }
  const object: JsonObject = isObject(value) ? value : {};
  if (rest.length === 0) {
    const { [head]: _old, ...others } = object;
    return to === undefined ? others : { ...others, [head]: to };
  }
  return { ...object, [head]: setAt(object[head], rest, to) as JsonValue };
}

/**
 * The changes that turn `before` into `after`: plain objects are compared field by field,
 * member lists member by member (by `nikIndex`), anything else (sealed blocks, other lists,
 * scalars) as a whole. Applying them in order to `before` gives `after` (added members last).
 */
export function diff(before: unknown, after: unknown, path = ''): FieldChange[] {
  const a = before as Json;
  const b = after as Json;
  const at = (key: string): string => (path === '' ? key : `${path}.${key}`);
  if (isObject(a) && isObject(b) && !isSealedBlock(a) && !isSealedBlock(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((key) => diff(a[key], b[key], at(key)));
  }
  if (isKeyedList(a) && isKeyedList(b) && (a.length > 0 || b.length > 0)) {
    const byIndex = new Map(a.map((item) => [item['nikIndex'] as string, item]));
    const kept = new Set(b.map((item) => item['nikIndex'] as string));
    const removed = a.filter((item) => !kept.has(item['nikIndex'] as string));
    return [
      ...removed.map((item) => ({ path: at(item['nikIndex'] as string), from: item })),
      ...b.flatMap((item) => {
        const key = item['nikIndex'] as string;
        const old = byIndex.get(key);
        return old === undefined ? [{ path: at(key), to: item }] : diff(old, item, at(key));
      }),
    ];
  }
  if (jsonEqual(a, b)) return [];
  return [{ path, ...(a !== undefined ? { from: a } : {}), ...(b !== undefined ? { to: b } : {}) }];
}
