import { Topics, type RecordedEvent } from '@siks/contracts';
import type { PoolClient } from '@siks/pg';
import { streamOf } from '../../events/read.ts';
import { bulkInsertRows, copyNewRows } from '../copy.ts';
import type { Projection, TableName, Target } from '../projection.ts';
import { addToCounters, CounterDeltas, insertRows, loadRows, upsertRows } from '../sql.ts';
import {
  CHANGES_TABLE,
  countKey,
  emptyHousehold,
  evolveHousehold,
  HOUSEHOLDS_TABLE,
  isHouseholdChange,
  type HouseholdChange,
  type HouseholdRow,
} from './evolve.ts';

const COUNT_KEY = [
  { name: 'region_code', type: 'text' },
  { name: 'status', type: 'text' },
] as const;

/** Households by village and status (`household_counts`), one row per household, and every change. */
export const householdsProjection: Projection = {
  name: 'households',
  topics: [Topics.registryHouseholds],
  tables: ['households', 'household_counts', 'household_changes'],
  async apply(client: PoolClient, events: readonly RecordedEvent[], table: TableName, target: Target) {
    const relevant = events.filter(
      (event) =>
        streamOf(event.streamId).kind === 'household' && streamOf(event.streamId).id && isHouseholdChange(event.type),
    );
    if (relevant.length === 0) return;
    const ids = [...new Set(relevant.map((event) => streamOf(event.streamId).id!))];
    const before = await loadRows<HouseholdRow>(client, table('households'), 'household_id', ids);
    const after = new Map(before);
    const changes: HouseholdChange[] = [];
    for (const event of relevant) {
      const id = streamOf(event.streamId).id!;
      const next = evolveHousehold(after.get(id) ?? emptyHousehold(id), event);
      after.set(id, next.row);
      if (next.change) changes.push(next.change);
    }
    const deltas = new CounterDeltas();
    for (const [id, row] of after) {
      const old = before.get(id);
      deltas.move(old ? countKey(old) : undefined, countKey(row));
    }
    if (target === 'shadow') {
      // A rebuild bulk-loads its fresh shadow tables: the households not stored before are new rows (COPY).
      const added = [...after.values()].filter((row) => !before.has(row.household_id));
      const changed = [...after.values()].filter((row) => before.has(row.household_id));
      await copyNewRows(client, table('households'), added, HOUSEHOLDS_TABLE, () =>
        upsertRows(client, table('households'), added, HOUSEHOLDS_TABLE),
      );
      await upsertRows(client, table('households'), changed, HOUSEHOLDS_TABLE);
      await bulkInsertRows(client, table('household_changes'), changes, CHANGES_TABLE);
    } else {
      await upsertRows(client, table('households'), [...after.values()], HOUSEHOLDS_TABLE);
      await insertRows(client, table('household_changes'), changes, CHANGES_TABLE);
    }
    await addToCounters(client, table('household_counts'), COUNT_KEY, deltas.entries);
  },
};
