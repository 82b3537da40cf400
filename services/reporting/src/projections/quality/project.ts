import { Topics, type RecordedEvent } from '@siks/contracts';
import type { PoolClient } from '@siks/pg';
import { isObject } from '../../events/envelope.ts';
import { integer, list, occurredAt, streamOf, text } from '../../events/read.ts';
import { copyNewRows } from '../copy.ts';
import type { Projection, TableName, Target } from '../projection.ts';
import { RegionKeys, type RegionTables } from '../region-keys.ts';
import { upsertRows, type TableShape } from '../sql.ts';

/** The latest result of one automated check on one proposal. */
export interface FindingRow {
  proposal_id: string;
  check_name: string;
  round: number;
  result: string;
  reason: string | null;
  region_code: string | null;
  region_key: string | null;
  checked_at: string;
}

const FINDINGS_TABLE: TableShape<FindingRow> = {
  key: ['proposal_id', 'check_name'],
  columns: {
    proposal_id: 'uuid',
    check_name: 'text',
    round: 'integer',
    result: 'text',
    reason: 'text',
    region_code: 'text',
    region_key: 'text',
    checked_at: 'timestamptz',
  },
};

const RESULTS = new Set(['pass', 'warn', 'fail']);

/** The findings of a `ChecksCompleted`: one per check, `{check, result, reason}` read defensively. */
export function findingsOf(event: RecordedEvent): { check: string; result: string; reason: string | null }[] {
  const results = list(event.data, 'results') ?? [];
  const found: { check: string; result: string; reason: string | null }[] = [];
  for (const item of results) {
    if (!isObject(item)) continue;
    const check = text(item, 'check', 100);
    const result = text(item, 'result', 10);
    if (!check || !result || !RESULTS.has(result)) continue;
    found.push({ check, result, reason: text(item, 'reason', 300) ?? null });
  }
  return found;
}

const REGIONS: RegionTables = { anchors: 'quality_regions', rows: ['quality_findings'] };

/**
 * Data-quality findings (`quality_findings`): the latest round of each automated check per
 * proposal (Dukcapil match, duplicate NIK/KK, evidence, geotag, …) from `ChecksCompleted`.
 */
export const qualityProjection: Projection = {
  name: 'quality',
  topics: [Topics.verificationCases],
  tables: ['quality_findings', 'quality_regions'],
  applyIndexes: ['quality_findings_pending'],
  // A finding is the latest of one check of one case stream: rows of the event's own stream.
  parallelRebuild: true,
  regions: REGIONS,
  async apply(client: PoolClient, events: readonly RecordedEvent[], table: TableName, target: Target) {
    const regions = await RegionKeys.load(client, REGIONS, table, events);
    const latest = new Map<string, FindingRow>();
    for (const event of events) {
      const resolved = regions.resolve(event);
      const stream = streamOf(event.streamId);
      if (event.type !== 'ChecksCompleted' || stream.kind !== 'case' || !stream.id) continue;
      const round = integer(event.data, 'round') ?? 1;
      const checkedAt = occurredAt(event);
      for (const finding of findingsOf(event)) {
        const key = `${stream.id}\u0000${finding.check}`;
        const previous = latest.get(key);
        if (previous && previous.round > round) continue;
        latest.set(key, {
          proposal_id: stream.id,
          check_name: finding.check,
          round,
          result: finding.result,
          reason: finding.reason,
          region_code: resolved.region,
          region_key: resolved.pendingKey,
          checked_at: checkedAt,
        });
      }
    }
    // A later round replaces an earlier one; an older round arriving late changes nothing.
    const upsert = (rows: readonly FindingRow[]) =>
      upsertRows(client, table('quality_findings'), rows, FINDINGS_TABLE, 'EXCLUDED.round >= t.round');
    const rows = [...latest.values()];
    if (target === 'shadow' && rows.length > 0) {
      // A rebuild bulk-loads its fresh table: the findings of proposals it has none of yet are new rows (COPY).
      const known = await proposalsWithFindings(client, table('quality_findings'), [
        ...new Set(rows.map((row) => row.proposal_id)),
      ]);
      const added = rows.filter((row) => !known.has(row.proposal_id));
      await copyNewRows(client, table('quality_findings'), added, FINDINGS_TABLE, () => upsert(added));
      await upsert(rows.filter((row) => known.has(row.proposal_id)));
    } else if (rows.length > 0) {
      await upsert(rows);
    }
    await regions.flush(client);
  },
};

/** The proposals among `ids` that have findings stored already. */
async function proposalsWithFindings(
  client: PoolClient,
  findings: string,
  ids: readonly string[],
): Promise<Set<string>> {
  const { rows } = await client.query<{ proposal_id: string }>(
    `SELECT DISTINCT proposal_id FROM ${findings} WHERE proposal_id = ANY($1::uuid[])`,
    [ids],
  );
  return new Set(rows.map((row) => row.proposal_id));
}
