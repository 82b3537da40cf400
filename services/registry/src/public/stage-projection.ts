import { personForgottenOf, Topics, type RecordedEvent } from '@siks/contracts';
import { startBatchEventConsumer, type Bus, type Consumer } from '@siks/bus';
import type { Pool, PoolClient } from '@siks/pg';
import { stageChangeOf, type Person, type StoredStage } from './stages.ts';

/** Consumer group (and inbox name) of the public view of proposals. */
export const PUBLIC_STAGE_CONSUMER = 'registry.public-stages';

interface Row {
  proposalId: string;
  regionCode: string;
  householdId: string | null;
  stage: StoredStage;
  updatedAt: string;
}

/**
 * Keeps `registry.public_proposals` and `registry.public_people` from intake's proposal events
 * and verification's progress, so the registry answers the public status check without asking
 * intake (services talk through events). Set-based per batch: one read of the rows concerned,
 * the events folded in log order in memory, then one upsert of the rows and one replacement of
 * the people of proposals whose content changed.
 */
export async function projectPublicStages(events: readonly RecordedEvent[], client: PoolClient): Promise<void> {
  await projectStages(events, client);
  // A forgotten person (PersonForgotten) leaves no row to check a status against; after the
  // batch's own writes, which may name them.
  for (const event of events) {
    const forgotten = personForgottenOf(event);
    if (forgotten) await client.query('DELETE FROM registry.public_people WHERE nik_index = $1', [forgotten.nikIndex]);
  }
}

async function projectStages(events: readonly RecordedEvent[], client: PoolClient): Promise<void> {
  const changes = events.flatMap((event) => {
    const change = stageChangeOf(event);
    return change ? [{ change, at: event.metadata.occurredAt }] : [];
  });
  if (changes.length === 0) return;
  const ids = [...new Set(changes.map(({ change }) => change.proposalId))];
  const { rows: stored } = await client.query<{
    proposal_id: string;
    region_code: string;
    household_id: string | null;
    stage: StoredStage;
    updated_at: Date;
  }>(
    `SELECT proposal_id, region_code, household_id, stage, updated_at FROM registry.public_proposals
      WHERE proposal_id = ANY($1::uuid[])`,
    [ids],
  );
  const rows = new Map<string, Row>(
    stored.map((row) => [
      row.proposal_id,
      {
        proposalId: row.proposal_id,
        regionCode: row.region_code,
        householdId: row.household_id,
        stage: row.stage,
        updatedAt: row.updated_at.toISOString(),
      },
    ]),
  );
  const touched = new Set<string>();
  const progressed = new Map<string, string>();
  const people = new Map<string, Person[]>();
  for (const { change, at } of changes) {
    const row = rows.get(change.proposalId);
    if (change.kind === 'content') {
      rows.set(change.proposalId, {
        proposalId: change.proposalId,
        regionCode: change.regionCode,
        householdId: change.householdId ?? row?.householdId ?? null,
        stage: row?.stage ?? 'draft',
        updatedAt: row?.updatedAt ?? at,
      });
      people.set(change.proposalId, change.people);
    } else if (change.kind === 'progress') {
      // Applied in SQL after the upsert, to whatever stage the row then has (see below).
      progressed.set(change.proposalId, at);
      continue;
    } else if (row === undefined) {
      continue; // a stage of a proposal never drafted here cannot be shown (no village, no people)
    } else {
      rows.set(change.proposalId, { ...row, stage: change.stage, updatedAt: at });
    }
    touched.add(change.proposalId);
  }
  const writes = [...touched].flatMap((id) => rows.get(id) ?? []);
  if (writes.length > 0)
    await client.query(
      `INSERT INTO registry.public_proposals (proposal_id, region_code, household_id, stage, updated_at)
       SELECT "proposalId", "regionCode", "householdId", stage, "updatedAt"
         FROM jsonb_to_recordset($1::jsonb) AS r("proposalId" uuid, "regionCode" text, "householdId" uuid,
           stage text, "updatedAt" timestamptz)
       ON CONFLICT (proposal_id) DO UPDATE SET region_code = EXCLUDED.region_code,
         household_id = EXCLUDED.household_id, stage = EXCLUDED.stage, updated_at = EXCLUDED.updated_at`,
      [JSON.stringify(writes)],
    );
  // Verification's progress only moves a submitted proposal on, decided in the statement itself:
  // its topic is not ordered with intake's and may be handled by another process meanwhile.
  if (progressed.size > 0)
    await client.query(
      `UPDATE registry.public_proposals p SET stage = 'in_verification', updated_at = r.at
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, at timestamptz)
        WHERE p.proposal_id = r.id AND p.stage = 'submitted'`,
      [JSON.stringify([...progressed].map(([id, at]) => ({ id, at })))],
    );
  if (people.size === 0) return;
  await client.query(`DELETE FROM registry.public_people WHERE proposal_id = ANY($1::uuid[])`, [[...people.keys()]]);
  const personRows = [...people].flatMap(([proposalId, list]) =>
    list.map((person) => ({ nikIndex: person.nikIndex, proposalId, personal: person.personal })),
  );
  if (personRows.length > 0)
    await client.query(
      `INSERT INTO registry.public_people (nik_index, proposal_id, personal)
       SELECT "nikIndex", "proposalId", personal
         FROM jsonb_to_recordset($1::jsonb) AS r("nikIndex" text, "proposalId" uuid, personal jsonb)
       ON CONFLICT (nik_index, proposal_id) DO NOTHING`,
      [JSON.stringify(personRows)],
    );
}

/** Starts the consumer of `intake.proposals.v1` and `verification.cases.v1` for the public view. */
export function startPublicStageConsumer(deps: { bus: Bus; pool: Pool }): Promise<Consumer> {
  return startBatchEventConsumer({
    bus: deps.bus,
    pool: deps.pool,
    name: PUBLIC_STAGE_CONSUMER,
    topics: [Topics.intakeProposals, Topics.verificationCases],
    handleBatch: (events, client) => projectPublicStages(events, client),
  });
}
