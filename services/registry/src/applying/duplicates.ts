import type { Queryable } from '@siks/pg';
import type { HouseholdState } from '../households/state.ts';
import type { Target } from './plan.ts';
import type { StagedWrites } from './staged-writes.ts';
import type { UnreadTail } from './unread-tail.ts';

/** Another household, active, that holds people or the KK an approved proposal puts into the registry. */
export interface ActiveDuplicate {
  /** Its state folded from its own stream (the read model only finds the candidates). */
  state: HouseholdState;
  /** Its members the proposal registers or adds again (nik indexes). */
  nikIndexes: string[];
  /** Whether its KK is the one the proposal registers. */
  kk: boolean;
}

/** What a plan puts into the registry: NIKs and KKs, and the households it works on (never duplicates of themselves). */
export function claimsOf(targets: readonly Target[]): {
  nikIndexes: Set<string>;
  kkIndexes: Set<string>;
  own: Set<string>;
} {
  const nikIndexes = new Set<string>();
  const kkIndexes = new Set<string>();
  const own = new Set<string>();
  for (const { householdId, command } of targets) {
    own.add(householdId);
    if (command.type === 'RegisterHousehold') {
      for (const member of command.household.members) nikIndexes.add(member.nikIndex);
      if (command.household.kkIndex !== undefined) kkIndexes.add(command.household.kkIndex);
      // A split's members come from the household it leaves: that one is no duplicate.
      if (command.splitFrom !== undefined) own.add(command.splitFrom);
    } else if (command.type === 'AddMembers') {
      for (const member of command.members) nikIndexes.add(member.nikIndex);
    }
  }
  return { nikIndexes, kkIndexes, own };
}

/**
 * The other active households holding a NIK or the KK the plan registers or adds, in
 * household-id order. The read model names candidates in every region, and so does the part of
 * the log it has not read yet (an approval just before this one, in the same batch even, is
 * not hidden by its lag); each candidate is then folded from its own stream, so one
 * deactivated or emptied meanwhile (or by an earlier attempt of this very approval) is no
 * duplicate any more. The approvals of one batch share `tail` (unread-tail.ts) and `writes`
 * (staged-writes.ts): a household an earlier approval of the batch registered is a candidate
 * before it is appended, and every candidate's state includes the batch's staged events.
 */
export async function findActiveDuplicates(
  client: Queryable,
  writes: StagedWrites,
  targets: readonly Target[],
  tail: UnreadTail,
): Promise<ActiveDuplicate[]> {
  const { nikIndexes, kkIndexes, own } = claimsOf(targets);
  if (nikIndexes.size === 0 && kkIndexes.size === 0) return [];
  const { rows } = await client.query<{ household_id: string }>(
    `SELECT household_id FROM registry.members
      WHERE nik_index = ANY($1::text[]) AND status = 'active' AND NOT household_id = ANY($3::uuid[])
     UNION
     SELECT household_id FROM registry.households
      WHERE kk_index = ANY($2::text[]) AND status = 'active' AND NOT household_id = ANY($3::uuid[])
     ORDER BY household_id`,
    [[...nikIndexes], [...kkIndexes], [...own]],
  );
  const candidates = new Set(rows.map((row) => row.household_id));
  const indexes = [...nikIndexes, ...kkIndexes];
  for (const householdId of [...(await tail.candidates(indexes)), ...writes.candidates(indexes)])
    if (!own.has(householdId)) candidates.add(householdId);
  const duplicates: ActiveDuplicate[] = [];
  for (const householdId of [...candidates].sort()) {
    const { state } = await writes.read(householdId);
    if (state === null || state.status !== 'active') continue;
    const held = state.doc.members.map((member) => member.nikIndex).filter((nikIndex) => nikIndexes.has(nikIndex));
    const kk = state.doc.kkIndex !== undefined && kkIndexes.has(state.doc.kkIndex);
    if (held.length > 0 || kk) duplicates.push({ state, nikIndexes: held, kk });
  }
  return duplicates;
}
