import { personForgottenOf, type RecordedEvent } from '@siks/contracts';
import type { PoolClient } from '@siks/pg';
import type { TableName } from './projection.ts';

/**
 * The proposals whose household-level data a `PersonForgotten` of this batch forgot (their
 * head was forgotten). The reports keep counts and codes; only the free-text reasons people gave
 * about those households (a return, an override, a refusal) are blanked.
 */
export function forgottenHouseholds(events: readonly RecordedEvent[]): string[] {
  return events.flatMap((event) => personForgottenOf(event)?.householdProposalIds ?? []);
}

/** Blanks `column` of the rows of `tableName` about the forgotten households' proposals. */
export async function blankReasons(
  client: PoolClient,
  events: readonly RecordedEvent[],
  table: TableName,
  tableName: string,
  column = 'reason',
): Promise<void> {
  const proposalIds = forgottenHouseholds(events);
  if (proposalIds.length === 0) return;
  await client.query(`UPDATE ${table(tableName)} SET ${column} = NULL WHERE proposal_id = ANY($1::uuid[])`, [
    proposalIds,
  ]);
}
