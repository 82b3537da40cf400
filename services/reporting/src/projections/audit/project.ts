import { Topics, type RecordedEvent } from '@siks/contracts';
import type { PoolClient } from '@siks/pg';
import { bulkInsertRows } from '../copy.ts';
import type { Projection, TableName, Target } from '../projection.ts';
import { RegionKeys, type RegionTables } from '../region-keys.ts';
import { blankReasons } from '../erasure.ts';
import { insertRows } from '../sql.ts';
import { AUDIT_TABLE, auditRow } from './row.ts';

const REGIONS: RegionTables = { anchors: 'audit_regions', rows: ['audit_events'] };

/** The audit trail (`audit_events`): one row per event of every topic, answering "who changed which proposal". */
export const auditProjection: Projection = {
  name: 'audit',
  topics: [Topics.intakeProposals, Topics.documentEvidence, Topics.verificationCases, Topics.registryHouseholds],
  tables: ['audit_events', 'audit_regions'],
  applyIndexes: ['audit_events_pending'],
  // A row per event.
  parallelRebuild: true,
  regions: REGIONS,
  async apply(client: PoolClient, events: readonly RecordedEvent[], table: TableName, target: Target) {
    const regions = await RegionKeys.load(client, REGIONS, table, events);
    const rows = events.map((event) => auditRow(event, regions.resolve(event)));
    // A rebuild bulk-loads its fresh shadow table (COPY); the live one takes each batch as one INSERT.
    const insert = target === 'shadow' ? bulkInsertRows : insertRows;
    await insert(client, table('audit_events'), rows, AUDIT_TABLE);
    await regions.flush(client);
    // The erasure's own row (its reason why) has no proposal id: it stays.
    await blankReasons(client, events, table, 'audit_events');
  },
};
