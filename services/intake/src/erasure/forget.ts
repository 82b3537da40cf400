import {
  deterministicId,
  ErasureSchemas,
  erasureStream,
  FORGOTTEN_INDEX,
  PersonForgottenData,
  type EventMetadata,
} from '@siks/contracts';
import type { EventStore } from '@siks/eventstore';
import type { Queryable } from '@siks/pg';
import type { Keyring } from '@siks/pii';
import { complaintSubject } from '../complaints/routes.ts';
import { personSubject, proposalSubject } from '../proposals/seal.ts';

export interface ForgetDeps {
  pool: Queryable;
  store: EventStore;
  keyring: Pick<Keyring, 'identityIndex' | 'forget'>;
}

export interface ForgetRequest {
  nik: string;
  reason: string;
  /** Whether `regionCode` lies within the requester's scope (every proposal naming the person must). */
  inScope: (regionCode: string) => boolean;
  /** A national requester may forget a person no proposal names (e.g. only in an adminduk extract). */
  national: boolean;
  metadata: Omit<EventMetadata, 'reason'>;
}

export type ForgetOutcome =
  | { kind: 'not_found' }
  | { kind: 'forgotten'; erasureId: string; proposals: number; households: number; alreadyForgotten: boolean };

/** One erasure per person: its id derives from the person's index, so a retry appends nothing twice. */
export const erasureId = (nikIndex: string): string => deterministicId('siks.erasure', nikIndex);

/**
 * Forgets a person (docs/security.md "How to forget a person"): destroys the key of the person's
 * subject, of every household they head and of every complaint about them (crypto-shredding: the log keeps its ciphertext, the
 * hash chains still verify), then appends `PersonForgotten` (no personal data; reason and actor in
 * the metadata) on which every service blanks its read models. The keys go first, so a crash
 * between the two leaves the data unreadable and a retry appends the event (its id derives from
 * the person, so a retry never appends it twice). Not found (404) when the requester's scope does
 * not hold every proposal naming the person, or, below national scope, when none does.
 */
export async function forgetPerson(deps: ForgetDeps, request: ForgetRequest): Promise<ForgetOutcome> {
  // The index the read models know the person by (the same across a blind-index key rotation).
  const nikIndex = await deps.keyring.identityIndex('nik', request.nik);
  const { rows } = await deps.pool.query<{ proposal_id: string; head: boolean; region_code: string | null }>(
    `SELECT pp.proposal_id, pp.head, p.region_code
       FROM intake.proposal_people pp LEFT JOIN intake.proposals p USING (proposal_id)
      WHERE pp.nik_index = $1 ORDER BY pp.proposal_id`,
    [nikIndex],
  );
  // Complaints about the person: their texts name them (sealed under the complaint's own key).
  const complaints = await deps.pool.query<{ complaint_id: string; region_code: string }>(
    'SELECT complaint_id, region_code FROM intake.complaints WHERE subject_nik_index = $1 ORDER BY complaint_id',
    [nikIndex],
  );
  const id = erasureId(nikIndex);
  const stream = erasureStream(id);
  if (rows.some((row) => row.region_code === null || !request.inScope(row.region_code))) return { kind: 'not_found' };
  if (complaints.rows.some((row) => !request.inScope(row.region_code))) return { kind: 'not_found' };
  if (rows.length === 0 && complaints.rows.length === 0) {
    const earlier = await deps.store.readStream(stream, { maxCount: 1 });
    if (!request.national) return { kind: 'not_found' };
    if (earlier.length > 0) {
      const data = PersonForgottenData.parse(earlier[0]?.data);
      return {
        kind: 'forgotten',
        erasureId: id,
        proposals: data.proposalIds.length,
        households: data.householdProposalIds.length,
        alreadyForgotten: true,
      };
    }
  }
  const proposalIds = [...new Set(rows.map((row) => row.proposal_id))];
  const householdProposalIds = [...new Set(rows.filter((row) => row.head).map((row) => row.proposal_id))];
  const complaintIds = complaints.rows.map((row) => row.complaint_id);
  const subjects = [
    personSubject(nikIndex),
    ...householdProposalIds.map(proposalSubject),
    ...complaintIds.map(complaintSubject),
  ];
  for (const subject of subjects) await deps.keyring.forget(subject);
  // Read models point a forgotten person's sealed blocks at this tombstone (scrubForgotten).
  await deps.keyring.forget(personSubject(FORGOTTEN_INDEX));
  const data = PersonForgottenData.parse({
    erasureId: id,
    nikIndex,
    subjects,
    proposalIds,
    householdProposalIds,
    ...(complaintIds.length > 0 ? { complaintIds } : {}),
  });
  await deps.store.append(
    stream,
    [
      {
        eventId: deterministicId(id, 'PersonForgotten'),
        type: 'PersonForgotten',
        schemaVersion: ErasureSchemas.PersonForgotten.schemaVersion,
        data,
        metadata: { ...request.metadata, reason: request.reason },
      },
    ],
    'any',
  );
  return {
    kind: 'forgotten',
    erasureId: id,
    proposals: proposalIds.length,
    households: householdProposalIds.length,
    alreadyForgotten: false,
  };
}
