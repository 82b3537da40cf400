import { ProposalEventSchemas, type ContentRecord, type ProposalEventData, type RecordedEvent } from '@siks/contracts';
import type { Queryable } from '@siks/pg';
import { householdIdOf, householdOf, peopleOf } from './people.ts';
import { contentRegionOf, type ProposalChange } from './proposals.ts';

/**
 * The two intake events of almost every proposal, `ProposalDrafted` and `ProposalSubmitted`,
 * taken into the read model set-based: a run of them costs a few statements, however long.
 * The result is the one `applyIntakeEvent` gives event by event, as long as the run holds each
 * proposal's draft at most once and before anything else of that proposal, and its submission
 * at most once (`SetRun.accepts`).
 */
export type SetEvent =
  | { kind: 'drafted'; event: RecordedEvent; data: ProposalEventData<'ProposalDrafted'> }
  | { kind: 'submitted'; event: RecordedEvent; data: ProposalEventData<'ProposalSubmitted'> };

/** A well-formed draft or submission, or undefined for any other event. */
export function setEventOf(event: RecordedEvent): SetEvent | undefined {
  if (event.type === 'ProposalDrafted') {
    const parsed = ProposalEventSchemas.ProposalDrafted.data.safeParse(event.data);
    return parsed.success ? { kind: 'drafted', event, data: parsed.data } : undefined;
  }
  if (event.type === 'ProposalSubmitted') {
    const parsed = ProposalEventSchemas.ProposalSubmitted.data.safeParse(event.data);
    return parsed.success ? { kind: 'submitted', event, data: parsed.data } : undefined;
  }
  return undefined;
}

/** Consecutive drafts and submissions that may be applied together. */
export class SetRun {
  readonly items: SetEvent[] = [];
  readonly #seen = new Set<string>();
  readonly #submitted = new Set<string>();

  /** Whether `item` may join the run (else the run is applied first and a new one starts). */
  accepts(item: SetEvent): boolean {
    const id = item.data.proposalId;
    return item.kind === 'drafted' ? !this.#seen.has(id) : !this.#submitted.has(id);
  }

  add(item: SetEvent): void {
    const id = item.data.proposalId;
    this.#seen.add(id);
    if (item.kind === 'submitted') this.#submitted.add(id);
    this.items.push(item);
  }
}

const NONE: ProposalChange = { kind: 'none' };

/** Applies a run; returns the change of each of its events, in order. */
export async function applySetRun(db: Queryable, run: SetRun): Promise<ProposalChange[]> {
  const drafts = run.items.flatMap((item) => (item.kind === 'drafted' ? [item] : []));
  const submissions = run.items.flatMap((item) => (item.kind === 'submitted' ? [item] : []));
  if (drafts.length > 0) await applyDrafts(db, drafts);
  const submitted = submissions.length > 0 ? await applySubmissions(db, submissions) : new Set<string>();
  return run.items.map((item): ProposalChange => {
    if (item.kind === 'drafted') return NONE;
    return submitted.has(item.data.proposalId.toLowerCase())
      ? { kind: 'submitted', proposalId: item.data.proposalId, resubmitted: false }
      : { kind: 'ignored', why: 'unknown_proposal' };
  });
}

async function applyDrafts(db: Queryable, drafts: readonly Extract<SetEvent, { kind: 'drafted' }>[]): Promise<void> {
  const ids = drafts.map((item) => item.data.proposalId);
  const contents = drafts.map((item): ContentRecord => item.data.content);
  // Inserts each new draft and gives an existing proposal the draft's content (`replaceContent`,
  // proposals.ts), for all of them in one statement: one row version per proposal, not two.
  await db.query(
    `INSERT INTO verification.proposals
       (proposal_id, region_code, proposal_type, channel, status, content, household_id, kk_index, updated_at)
     SELECT id, region, type, channel, 'draft', content, household_id, kk_index, at
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::uuid[], $7::text[], $8::timestamptz[])
         AS d(id, region, type, channel, content, household_id, kk_index, at)
     ON CONFLICT (proposal_id) DO UPDATE
       SET content = EXCLUDED.content, region_code = EXCLUDED.region_code,
           household_id = EXCLUDED.household_id, kk_index = EXCLUDED.kk_index`,
    [
      ids,
      contents.map(contentRegionOf),
      drafts.map((item) => item.data.proposalType),
      drafts.map((item) => item.data.channel),
      contents.map((content) => JSON.stringify(content)),
      contents.map((content) => householdIdOf(content) ?? null),
      contents.map((content) => householdOf(content)?.kkIndex ?? null),
      drafts.map((item) => item.event.metadata.occurredAt),
    ],
  );
  await db.query('DELETE FROM verification.proposal_people WHERE proposal_id = ANY($1::uuid[])', [ids]);
  const people = drafts.flatMap((item) =>
    peopleOf(item.data.content).map((person) => ({ id: item.data.proposalId, ...person })),
  );
  if (people.length === 0) return;
  await db.query(
    `INSERT INTO verification.proposal_people (proposal_id, nik_index, role)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
    [people.map((person) => person.id), people.map((person) => person.nikIndex), people.map((person) => person.role)],
  );
}

/** The submissions' updates; returns the ids of the proposals found. */
async function applySubmissions(
  db: Queryable,
  submissions: readonly Extract<SetEvent, { kind: 'submitted' }>[],
): Promise<Set<string>> {
  const { rows } = await db.query<{ proposal_id: string }>(
    `UPDATE verification.proposals p
        SET status = 'submitted', window_kind = s.window_kind, updated_at = s.at,
            first_submitted_at = COALESCE(p.first_submitted_at, s.at), last_submitted_at = s.at
       FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS s(id, window_kind, at)
      WHERE p.proposal_id = s.id
      RETURNING p.proposal_id::text`,
    [
      submissions.map((item) => item.data.proposalId),
      submissions.map((item) => item.data.window),
      submissions.map((item) => item.event.metadata.occurredAt),
    ],
  );
  return new Set(rows.map((row) => row.proposal_id));
}
