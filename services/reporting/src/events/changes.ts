import { isPersonalPath, type JsonValue } from '@siks/contracts';
import { isObject } from './envelope.ts';

/** A changed field as the audit keeps it: the path always, the values only when nothing personal can be in them. */
export interface AuditChange {
  path: string;
  from?: JsonValue;
  to?: JsonValue;
}

const MAX_CHANGES = 200;
const MAX_PATH = 200;
const MAX_VALUE_CHARS = 500;

/** Keys that hold personal data wherever they appear (DOMAIN.md; contracts' personal.ts). */
const PERSONAL_KEYS: ReadonlySet<string> = new Set([
  'nik',
  'name',
  'birthDate',
  'birthPlace',
  'motherName',
  'address',
  'location',
  'phone',
  'kkNumber',
  // Health data and what a family earns: sealed in new events, in clear in older ones.
  'disability',
  'incomeBand',
  'person',
  'note',
  'personal',
  'oldNik',
  'newNik',
  'nikCorrections',
  'contact',
  'description',
  '$sealed',
]);

/** Whether a value could carry personal data: any object or array holding a personal key or a sealed value. */
function mayHoldPersonalData(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(mayHoldPersonalData);
  if (!isObject(value)) return false;
  return Object.entries(value).some(([key, inner]) => PERSONAL_KEYS.has(key) || mayHoldPersonalData(inner));
}

/** Personal by its path, or a blind index (`nikIndex`, `kkIndex`: pseudonymous identifiers of people). */
function isPersonal(path: string): boolean {
  const segments = path.split('.');
  return isPersonalPath(path) || segments.some((segment) => PERSONAL_KEYS.has(segment) || /Index$/.test(segment));
}

function clearValue(value: unknown): { ok: true; value: JsonValue } | { ok: false } {
  if (value === undefined || mayHoldPersonalData(value)) return { ok: false };
  const json = JSON.stringify(value);
  if (json === undefined || json.length > MAX_VALUE_CHARS) return { ok: false };
  return { ok: true, value: JSON.parse(json) as JsonValue };
}

/**
 * The changed fields of an amendment or a household update, safe to keep in the audit: for a
 * personal path (or a sealed change) only the path; otherwise `from`/`to` when they are small
 * and hold nothing personal. Accepts the contracts' `ChangeRecord[]`, and also a map of
 * path → value or a list of paths (other teams' shapes), from which it keeps the paths.
 */
export function auditChanges(raw: unknown): AuditChange[] | undefined {
  const out: AuditChange[] = [];
  const push = (path: unknown, record?: Record<string, unknown>): void => {
    if (typeof path !== 'string' || path === '' || out.length >= MAX_CHANGES) return;
    const change: AuditChange = { path: path.slice(0, MAX_PATH) };
    if (record && !isPersonal(path) && !('personal' in record)) {
      for (const side of ['from', 'to'] as const) {
        if (!(side in record)) continue;
        const kept = clearValue(record[side]);
        if (kept.ok) change[side] = kept.value;
      }
    }
    out.push(change);
  };
  if (Array.isArray(raw)) {
    for (const item of raw) {
      if (typeof item === 'string') push(item);
      else if (isObject(item)) push(item['path'] ?? item['field'], item);
    }
  } else if (isObject(raw)) {
    for (const key of Object.keys(raw)) push(key);
  }
  return out.length > 0 ? out : undefined;
}

/** Field paths named by an event (e.g. the fields a return asks to correct); strings only. */
export function fieldPaths(raw: unknown): string[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const paths = raw.filter((item): item is string => typeof item === 'string' && item !== '').slice(0, MAX_CHANGES);
  return paths.length > 0 ? paths.map((path) => path.slice(0, MAX_PATH)) : undefined;
}
