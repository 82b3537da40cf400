import { FORGOTTEN_INDEX } from './events.ts';

/** What to take out of stored JSON (a content record, a household state, an event's data). */
export interface ForgottenPerson {
  /** The person's NIK blind index: every member record and index of theirs loses it. */
  nikIndex: string;
  /** Whether the household-level data of this JSON was forgotten too (the person heads it). */
  household: boolean;
}

/** Clear fields of a member record that say something about that person's health or life. */
const MEMBER_CLEAR_PERSONAL = ['disability'];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A copy of `value` without the forgotten person's links and clear personal fields: their NIK
 * blind index becomes `FORGOTTEN_INDEX` wherever it appears (member records, `person`, NIK
 * corrections, lists of indexes, the subject id `person:<nikIndex>` of sealed values, which then
 * name the tombstone subject `person:<FORGOTTEN_INDEX>` and open as forgotten), their member record loses `disability` (health data); with
 * `household`, the KK index becomes `FORGOTTEN_INDEX` and the income band (`housing.incomeBand`)
 * and free-text notes in clear are dropped. Sealed blocks stay as they are: their
 * keys are destroyed, so they are ciphertext nobody can open. The input is not modified.
 */
export function scrubForgotten(value: unknown, person: ForgottenPerson): unknown {
  // Also inside a subject id (`person:<nikIndex>`, the `sub` of a sealed value).
  if (typeof value === 'string') return value.replaceAll(person.nikIndex, FORGOTTEN_INDEX);
  if (Array.isArray(value)) return value.map((item) => scrubForgotten(item, person));
  if (!isObject(value)) return value;
  const own = value['nikIndex'] === person.nikIndex;
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (own && MEMBER_CLEAR_PERSONAL.includes(key)) continue;
    if (person.household && key === 'kkIndex' && typeof inner === 'string') {
      result[key] = FORGOTTEN_INDEX;
      continue;
    }
    if (person.household && key === 'incomeBand') continue;
    if (person.household && key === 'note' && typeof inner === 'string') continue;
    result[key] = scrubForgotten(inner, person);
  }
  return result;
}
