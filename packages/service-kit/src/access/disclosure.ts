import type { PersonalField } from '@siks/contracts';
import { maskNik } from '@siks/pii';
import type { UserRole } from '../auth/actor.ts';

/**
 * The one masking policy of personal data (DESIGN.md §6), applied alike by intake, registry and
 * verification. Which records a reader sees is decided by scope (out of scope: 404); this says
 * how much of a record in scope a role sees:
 * - `full` for the people who work with the data (village operators, regency verifikators and
 *   admins, province admins, pusdatin): identity numbers whole, birth data, address, phone;
 * - `masked` for auditors, who read histories and change nothing: names, identity numbers masked
 *   (`5202••••••••0001`), no birth data, mother's name, address, location or phone.
 * Lists mask identity numbers for every role (see `maskIdentityNumbers`).
 */
export type Disclosure = 'full' | 'masked';

export function disclosureOf(role: UserRole): Disclosure {
  switch (role) {
    case 'operator_desa':
    case 'verifikator_kabkota':
    case 'admin_kabkota':
    case 'admin_provinsi':
    case 'pusdatin':
      return 'full';
    case 'auditor':
      return 'masked';
    default: {
      const unreachable: never = role;
      throw new Error(`disclosureOf: unknown role ${String(unreachable)}`);
    }
  }
}

/** Keys whose values are identity numbers: masked wherever a view must not show them whole. */
export const IDENTITY_KEYS: ReadonlySet<string> = new Set(['nik', 'oldNik', 'newNik', 'kkNumber']);

/** Keys a `masked` reader never sees (their values are dropped, the rest of the record stays). */
export const WITHHELD_KEYS: ReadonlySet<string> = new Set([
  'birthDate',
  'birthPlace',
  'motherName',
  'address',
  'location',
  'phone',
]);

/** The categories of personal data a view of a whole record shows a reader with `disclosure`. */
export function recordFields(disclosure: Disclosure): PersonalField[] {
  return disclosure === 'full'
    ? ['name', 'nik', 'kk', 'birth', 'mother_name', 'address', 'location', 'phone']
    : ['name', 'nik_masked', 'kk_masked'];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A copy of `value` with every identity number masked, at any depth. */
export function maskIdentityNumbers<T>(value: T): T {
  return transform(value as Json, false) as T;
}

/**
 * A record (any JSON: a proposal's content, a change value) as a reader with `disclosure` may
 * see it: unchanged for `full`; for `masked`, identity numbers masked and withheld keys dropped.
 */
export function discloseRecord<T>(value: T, disclosure: Disclosure): T {
  return disclosure === 'full' ? value : (transform(value as Json, true) as T);
}

function transform(value: Json, withhold: boolean): Json {
  if (Array.isArray(value)) return value.map((item) => transform(item, withhold));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, Json> = {};
    for (const [key, item] of Object.entries(value)) {
      if (withhold && WITHHELD_KEYS.has(key)) continue;
      out[key] = IDENTITY_KEYS.has(key) && typeof item === 'string' ? maskNik(item) : transform(item, withhold);
    }
    return out;
  }
  return value;
}
