import {
  ContentRecord,
  FORGOTTEN_INDEX,
  ProposalEventSchemas,
  personForgottenOf,
  type RecordedEvent,
} from '@siks/contracts';
import type { PoolClient } from '@siks/pg';

/** One person named by one proposal: their NIK blind index, and whether they head its household. */
export interface PersonLink {
  proposalId: string;
  nikIndex: string;
  head: boolean;
}

/** The people a stored content names (indexes are in clear beside each sealed block). */
export function peopleOf(proposalId: string, content: ContentRecord): PersonLink[] {
  const links: PersonLink[] = [];
  const add = (nikIndex: string, head: boolean) => links.push({ proposalId, nikIndex, head });
  const household = 'household' in content ? content.household : undefined;
  if (household) {
    const members = household.members;
    const head = members.find((m) => m.relationship === 'kepala_keluarga') ?? members[0];
    for (const member of members) add(member.nikIndex, member === head);
  }
  if (content.type === 'add_member' || content.type === 'remove_member')
    for (const member of content.members) add(member.nikIndex, false);
  if (content.type === 'deactivate' && content.person) add(content.person.nikIndex, false);
  if (content.type === 'update')
    for (const correction of content.nikCorrections ?? []) {
      add(correction.oldNikIndex, false);
      add(correction.newNikIndex, false);
    }
  return links;
}

/**
 * `intake.proposal_people`, kept by the read model's subscription: who each proposal ever named
 * (an amendment adds, never removes: the earlier events still hold the sealed block), so a
 * request to forget a person finds every proposal naming them. `PersonForgotten` deletes the
 * person's rows, on a rebuild too; the same event blanks the masked NIK of the households they
 * headed.
 */
export async function projectPeople(
  events: readonly RecordedEvent[],
  client: PoolClient,
  forgetter?: { evict(subjectId: string): void },
): Promise<void> {
  // One row per person and proposal (a statement may not upsert one row twice): heads OR-ed.
  const byKey = new Map<string, PersonLink>();
  const add = (link: PersonLink) => {
    const key = `${link.nikIndex}/${link.proposalId}`;
    byKey.set(key, { ...link, head: link.head || (byKey.get(key)?.head ?? false) });
  };
  for (const event of events) {
    if (!event.streamId.startsWith('proposal-')) continue;
    const schema =
      event.type === 'ProposalDrafted'
        ? ProposalEventSchemas.ProposalDrafted.data
        : event.type === 'ProposalAmended'
          ? ProposalEventSchemas.ProposalAmended.data
          : undefined;
    const parsed = schema?.safeParse(event.data);
    if (parsed?.success) peopleOf(parsed.data.proposalId, parsed.data.content).forEach(add);
  }
  const links = [...byKey.values()];
  if (links.length > 0) {
    await client.query(
      `INSERT INTO intake.proposal_people (proposal_id, nik_index, head)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::boolean[])
       ON CONFLICT (nik_index, proposal_id) DO UPDATE SET head = intake.proposal_people.head OR excluded.head`,
      [links.map((l) => l.proposalId), links.map((l) => l.nikIndex), links.map((l) => l.head)],
    );
  }
  for (const event of events) {
    const forgotten = personForgottenOf(event);
    if (!forgotten) continue;
    // Forgotten by another process (the CLI): this one stops opening the subjects at once.
    for (const subject of forgotten.subjects) forgetter?.evict(subject);
    await client.query('DELETE FROM intake.proposal_people WHERE nik_index = $1', [forgotten.nikIndex]);
    await client.query(
      'UPDATE intake.proposals SET head_nik_masked = NULL, head_personal = NULL WHERE proposal_id = ANY($1::uuid[])',
      [forgotten.householdProposalIds],
    );
    // Complaints about the person: nothing in the read model points at them any more, and the
    // photo sealed beside the log goes (its key is destroyed too).
    await client.query('UPDATE intake.complaints SET subject_nik_index = NULL WHERE subject_nik_index = $1', [
      forgotten.nikIndex,
    ]);
    await client.query('DELETE FROM intake.complaint_photos WHERE complaint_id = ANY($1::uuid[])', [
      forgotten.complaintIds ?? [],
    ]);
    // The tombstone index links nobody; rows naming it are of no use.
    await client.query('DELETE FROM intake.proposal_people WHERE nik_index = $1', [FORGOTTEN_INDEX]);
  }
}
