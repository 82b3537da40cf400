import { z } from 'zod';
import { RegionCode } from '../metadata.ts';
import { Uuid } from '../proposals/fields.ts';

/**
 * A read of personal data, recorded as an event (DESIGN.md §6: a full NIK shown is itself
 * recorded) so the same hash chains and Merkle proofs that cover every change cover every read.
 * Stream `reads-<service>-<yyyy-mm-dd>-<reader>` (one per service, reader and UTC day; `reader` a
 * deterministic UUID of the user id). The reader (user, role, scope) is the metadata `actor`, the
 * request id its `correlationId`, the time its `occurredAt`. Never a NIK, a name or any other
 * personal value: subjects by their opaque ids, fields by category.
 */

/** What kind of record a subject id names. */
export const ReadSubjectKind = z.enum(['proposal', 'household', 'document', 'complaint', 'case']);
export type ReadSubjectKind = z.infer<typeof ReadSubjectKind>;

export const ReadSubject = z.strictObject({ kind: ReadSubjectKind, id: Uuid });
export type ReadSubject = z.infer<typeof ReadSubject>;

/** Categories of personal data a read showed (masked identity numbers count as their own category). */
export const PersonalField = z.enum([
  'name',
  'nik',
  'nik_masked',
  'kk',
  'kk_masked',
  'birth',
  'mother_name',
  'address',
  'location',
  'phone',
  'free_text',
  'file',
]);
export type PersonalField = z.infer<typeof PersonalField>;

/** The most subjects one event names: a list page is capped well below it. */
export const MAX_READ_SUBJECTS = 500;

export const PersonalDataReadData = z.strictObject({
  /** Which read, as `<service>.<what>` (`registry.households.list`, `document.content`): the why. */
  purpose: z
    .string()
    .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/)
    .max(80),
  subjects: z.array(ReadSubject).max(MAX_READ_SUBJECTS),
  fields: z.array(PersonalField).min(1),
  /** Region of the data shown (their nearest common region; the reader's scope when none), for the village's auditors. */
  regionCode: RegionCode,
  /** Rows of names or identity numbers this read counted against the reader's daily budget (0: not a list). */
  rows: z.number().int().min(0),
  /** The reader's counted rows at this service today, this read included. */
  rowsToday: z.number().int().min(0),
});
export type PersonalDataReadData = z.infer<typeof PersonalDataReadData>;

export const PersonalReadEventSchemas = {
  PersonalDataRead: { schemaVersion: 1, data: PersonalDataReadData },
} as const;

/** Stream-id prefix of a service's read records (`reads-intake-`); relays leave these streams alone. */
export const personalReadStreamPrefix = (service: string): string => `reads-${service}-`;
