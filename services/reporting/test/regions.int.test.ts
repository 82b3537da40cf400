import { uuidv7, type RecordedEvent } from '@siks/contracts';
import { migrate } from '@siks/pg';
import { createTestPlatform } from '@siks/platform';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from '../src/migrations.ts';
import { auditProjection } from '../src/projections/audit/project.ts';
import { live } from '../src/projections/projection.ts';
import { fillWaitingRegions } from '../src/projections/region-keys.ts';
import { PRAYA } from './support/scenario.ts';

/**
 * Rows waiting for a region anchor, when two consumers apply batches at once (a rebuild's two
 * consumers, `Projection.parallelRebuild`): the batch that learns the anchor cannot fill a row
 * that the other batch has inserted but not committed yet; `fillWaitingRegions` does, before
 * the swap.
 */
const url = await useTestDatabase('reporting_regions');
const platform = await createTestPlatform(url, 'reporting-regions');
await migrate(platform.pool, [migrations]);
afterAll(() => platform.close());

let position = 0;
function recorded(streamId: string, type: string, data: Record<string, unknown>): RecordedEvent {
  position += 1;
  return {
    eventId: uuidv7(),
    type,
    schemaVersion: 1,
    data,
    metadata: {
      actor: { userId: 'op-1', role: 'operator_desa', regionCode: PRAYA },
      channel: 'operator',
      occurredAt: '2025-06-16T02:00:00.000Z',
      correlationId: uuidv7(),
      causationId: null,
    },
    streamId,
    revision: 0,
    logPosition: `1:${position}`,
    recordedAt: '2025-06-16T02:00:00.000Z',
    hash: '00',
  };
}

async function regionOf(eventId: string): Promise<{ region_code: string | null; region_key: string | null }> {
  const { rows } = await platform.pool.query<{ region_code: string | null; region_key: string | null }>(
    'SELECT region_code, region_key FROM reporting.audit_events WHERE event_id = $1',
    [eventId],
  );
  return rows[0]!;
}

describe('rows waiting for a region anchor', () => {
  it('are filled in before a swap when another consumer taught the anchor meanwhile', async () => {
    const proposalId = uuidv7();
    const linked = recorded(`document-${uuidv7()}`, 'DocumentLinked', { proposalId });
    const drafted = recorded(`proposal-${proposalId}`, 'ProposalDrafted', { proposalId, regionCode: PRAYA });
    const first = await platform.pool.connect();
    const second = await platform.pool.connect();
    try {
      // One consumer inserts the document's row (its proposal's village not known yet) and has not committed …
      await first.query('BEGIN');
      await auditProjection.apply(first, [linked], live, 'live');
      // … while the other learns the proposal's village and fills the rows it can see.
      await second.query('BEGIN');
      await auditProjection.apply(second, [drafted], live, 'live');
      await second.query('COMMIT');
      await first.query('COMMIT');
    } finally {
      first.release();
      second.release();
    }
    expect(await regionOf(drafted.eventId)).toEqual({ region_code: PRAYA, region_key: null });
    expect(await regionOf(linked.eventId)).toEqual({ region_code: null, region_key: `proposal:${proposalId}` });

    await fillWaitingRegions(platform.pool, auditProjection, live);
    expect(await regionOf(linked.eventId)).toEqual({ region_code: PRAYA, region_key: null });
  });
});
