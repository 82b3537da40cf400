import { HouseholdEventSchemas, isHouseholdEventType, type FieldChange, type RecordedEvent } from '@siks/contracts';
import type { Queryable } from '@siks/pg';

/** NIK and KK indexes that became active (or active elsewhere): undecided cases naming them are re-checked. */
export type HouseholdChange =
  | { applied: true; nikIndexes: string[]; kkIndexes: string[] }
  | { ignored: 'malformed' | 'not_a_household_event' };

/**
 * Keeps the active-household index (`verification.households` / `household_members`: NIK and
 * KK blind indexes, status, sealed location block) from registry events, and marks the
 * proposal a household event names as applied (it stops being "pending").
 */
export async function applyHouseholdEvent(db: Queryable, event: RecordedEvent): Promise<HouseholdChange> {
  if (!isHouseholdEventType(event.type)) return { ignored: 'not_a_household_event' };
  const parsed = HouseholdEventSchemas[event.type].data.safeParse(event.data);
  if (!parsed.success) return { ignored: 'malformed' };
  const { householdId, proposalId, regionCode } = parsed.data;
  const addMembers = (nikIndexes: readonly string[]) =>
    db.query(
      `INSERT INTO verification.household_members (household_id, nik_index)
       SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
      [householdId, nikIndexes],
    );
  const removeMembers = (nikIndexes: readonly string[]) =>
    db.query('DELETE FROM verification.household_members WHERE household_id = $1 AND nik_index = ANY($2::text[])', [
      householdId,
      nikIndexes,
    ]);
  const setStatus = (status: 'active' | 'inactive') =>
    db.query('UPDATE verification.households SET status = $2, region_code = $3 WHERE household_id = $1', [
      householdId,
      status,
      regionCode,
    ]);

  const nikIndexes: string[] = [];
  const kkIndexes: string[] = [];
  switch (event.type) {
    case 'HouseholdRegistered': {
      const { household } = HouseholdEventSchemas.HouseholdRegistered.data.parse(event.data);
      nikIndexes.push(...household.members.map((member) => member.nikIndex));
      if (household.kkIndex) kkIndexes.push(household.kkIndex);
      await db.query(
        `INSERT INTO verification.households (household_id, region_code, status, kk_index, personal)
         VALUES ($1, $2, 'active', $3, $4)
         ON CONFLICT (household_id) DO UPDATE SET region_code = EXCLUDED.region_code, status = 'active',
           kk_index = EXCLUDED.kk_index, personal = EXCLUDED.personal`,
        [householdId, regionCode, household.kkIndex ?? null, household.personal],
      );
      await addMembers(household.members.map((member) => member.nikIndex));
      break;
    }
    case 'HouseholdUpdated': {
      const { changes } = HouseholdEventSchemas.HouseholdUpdated.data.parse(event.data);
      for (const change of changes) {
        const added = await applyFieldChange(db, householdId, change);
        if (added?.kind === 'nik') nikIndexes.push(added.index);
        if (added?.kind === 'kk') kkIndexes.push(added.index);
      }
      await db.query('UPDATE verification.households SET region_code = $2 WHERE household_id = $1', [
        householdId,
        regionCode,
      ]);
      break;
    }
    case 'MemberAdded': {
      const { member } = HouseholdEventSchemas.MemberAdded.data.parse(event.data);
      await addMembers([member.nikIndex]);
      nikIndexes.push(member.nikIndex);
      break;
    }
    case 'MemberRemoved':
      await removeMembers([HouseholdEventSchemas.MemberRemoved.data.parse(event.data).nikIndex]);
      break;
    case 'HouseholdDeactivated':
      await setStatus('inactive');
      break;
    case 'HouseholdReactivated': {
      await setStatus('active');
      const { rows } = await db.query<{ nik_index: string; kk_index: string | null }>(
        `SELECT m.nik_index, h.kk_index FROM verification.household_members m
           JOIN verification.households h USING (household_id) WHERE m.household_id = $1`,
        [householdId],
      );
      nikIndexes.push(...rows.map((row) => row.nik_index));
      kkIndexes.push(...rows.flatMap((row) => (row.kk_index ? [row.kk_index] : [])));
      break;
    }
    case 'HouseholdSplit':
      await removeMembers(HouseholdEventSchemas.HouseholdSplit.data.parse(event.data).movedMembers);
      break;
    default: {
      const unreachable: never = event.type;
      return unreachable;
    }
  }
  await db.query('UPDATE verification.proposals SET applied = true WHERE proposal_id = $1', [proposalId]);
  return { applied: true, nikIndexes: [...new Set(nikIndexes)], kkIndexes: [...new Set(kkIndexes)] };
}

/**
 * The changes of `HouseholdUpdated` that matter here: KK index, sealed block, members and NIK
 * corrections. Returns the index that became active in the household, if any.
 */
async function applyFieldChange(
  db: Queryable,
  householdId: string,
  change: FieldChange,
): Promise<{ kind: 'nik' | 'kk'; index: string } | undefined> {
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  if (change.path === 'kkIndex') {
    await db.query('UPDATE verification.households SET kk_index = $2 WHERE household_id = $1', [
      householdId,
      text(change.to),
    ]);
    const to = text(change.to);
    return to === null ? undefined : { kind: 'kk', index: to };
  }
  if (change.path === 'personal') {
    await db.query('UPDATE verification.households SET personal = $2 WHERE household_id = $1', [
      householdId,
      change.to === undefined ? null : JSON.stringify(change.to),
    ]);
    return undefined;
  }
  const member = /^members\.([0-9a-f]{64})(\.nikIndex)?$/.exec(change.path);
  const nikIndex = member?.[1];
  if (!member || !nikIndex) return undefined;
  const remove = member[2] !== undefined || change.to === undefined;
  const add = member[2] !== undefined ? text(change.to) : change.from === undefined ? nikIndex : null;
  if (remove)
    await db.query('DELETE FROM verification.household_members WHERE household_id = $1 AND nik_index = $2', [
      householdId,
      nikIndex,
    ]);
  if (add !== null)
    await db.query(
      'INSERT INTO verification.household_members (household_id, nik_index) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [householdId, add],
    );
  return add === null ? undefined : { kind: 'nik', index: add };
}
