import type { Keyring } from './keyring.ts';
import { isSealed, type Sealed } from './sealed.ts';

/**
 * Paths are dotted property names; `*` stands for every element of an array, e.g.
 * `['nik', 'name', 'address.street', 'members.*.nik']`. Missing, undefined and null fields
 * are left as they are. The input is never modified: changed branches are copied.
 */
export type FieldPath = string;

/** What a field becomes once sealed: null and undefined stay, anything else is a Sealed. */
export type SealedField<V> = V extends null | undefined ? V : Sealed;

/** Seals the given fields of `obj` for one subject (one key lookup for all of them). */
export async function sealFields<T extends object, K extends keyof T & string>(
  keyring: Keyring,
  subjectId: string,
  obj: T,
  paths: readonly K[],
): Promise<Omit<T, K> & { [P in K]: SealedField<T[P]> }>;
export async function sealFields(
  keyring: Keyring,
  subjectId: string,
  obj: object,
  paths: readonly FieldPath[],
): Promise<Record<string, unknown>>;
export async function sealFields(
  keyring: Keyring,
  subjectId: string,
  obj: object,
  paths: readonly FieldPath[],
): Promise<Record<string, unknown>> {
  checkPaths(paths);
  const leaves: unknown[] = [];
  for (const path of paths) collect(obj, split(path), leaves);
  const sealed = await keyring.sealMany(subjectId, leaves);
  let next = 0;
  let result: unknown = obj;
  for (const path of paths) result = replace(result, split(path), () => sealed[next++]);
  return result as Record<string, unknown>;
}

export interface OpenFieldsOptions {
  /** What a field of a forgotten subject becomes; undefined (the field disappears from JSON) by default. */
  shredded?: unknown;
}

/** Opens the sealed values at the given paths (each with its own subject's key). */
export async function openFields(
  keyring: Keyring,
  obj: object,
  paths: readonly FieldPath[],
  options: OpenFieldsOptions = {},
): Promise<Record<string, unknown>> {
  checkPaths(paths);
  const leaves: unknown[] = [];
  for (const path of paths) collect(obj, split(path), leaves);
  const opened = await Promise.all(
    leaves.map(async (leaf) => (isSealed(leaf) ? ((await keyring.open(leaf)) ?? options.shredded) : leaf)),
  );
  let next = 0;
  let result: unknown = obj;
  for (const path of paths) result = replace(result, split(path), () => opened[next++]);
  return result as Record<string, unknown>;
}

/** Opens every sealed value anywhere inside `value` (for projections and audit views). */
export async function openDeep(keyring: Keyring, value: unknown, options: OpenFieldsOptions = {}): Promise<unknown> {
  if (isSealed(value)) return (await keyring.open(value)) ?? options.shredded;
  if (Array.isArray(value)) return Promise.all(value.map((item) => openDeep(keyring, item, options)));
  if (isRecord(value)) {
    const entries = await Promise.all(
      Object.entries(value).map(async ([key, item]) => [key, await openDeep(keyring, item, options)] as const),
    );
    return Object.fromEntries(entries);
  }
  return value;
}

function split(path: FieldPath): string[] {
  const segments = path.split('.');
  if (segments.some((segment) => segment.length === 0)) throw new TypeError('pii: empty segment in field path');
  return segments;
}

/** Overlapping paths ('address' and 'address.street') would seal twice or lose their place. */
function checkPaths(paths: readonly FieldPath[]): void {
  for (const a of paths) {
    split(a);
    for (const b of paths) {
      if (a !== b && b.startsWith(`${a}.`)) throw new TypeError('pii: field paths overlap');
    }
  }
  if (new Set(paths).size !== paths.length) throw new TypeError('pii: field path listed twice');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Pushes the present leaves at `segments`, in the order `replace` visits them. */
function collect(value: unknown, segments: readonly string[], out: unknown[]): void {
  const [head, ...rest] = segments;
  if (head === undefined) {
    if (value !== undefined && value !== null) out.push(value);
    return;
  }
  if (head === '*') {
    if (Array.isArray(value)) for (const item of value) collect(item, rest, out);
    return;
  }
  if (isRecord(value) && Object.hasOwn(value, head)) collect(value[head], rest, out);
}

function replace(value: unknown, segments: readonly string[], nextLeaf: () => unknown): unknown {
  const [head, ...rest] = segments;
  if (head === undefined) return value === undefined || value === null ? value : nextLeaf();
  if (head === '*') return Array.isArray(value) ? value.map((item) => replace(item, rest, nextLeaf)) : value;
  if (!isRecord(value) || !Object.hasOwn(value, head)) return value;
  return { ...value, [head]: replace(value[head], rest, nextLeaf) };
}
