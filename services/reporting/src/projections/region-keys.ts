import type { RecordedEvent } from '@siks/contracts';
import type { Queryable } from '@siks/pg';
import { isRegionCode, isVillageCode, streamOf, uuid } from '../events/read.ts';
import type { Projection, TableName } from './projection.ts';

/**
 * Where an event lies, for scope filtering, when the event itself does not say (most proposal
 * events name their village only in `ProposalDrafted`; a document link names only the proposal).
 *
 * Each event has at most one ANCHOR: the aggregate whose village decides its scope
 * (`proposal:<id>` for proposal and case streams, `household:<id>` for household streams,
 * else the proposal or household its data names). An anchor is taught only by its own streams,
 * by the first event that names a village, and never changes afterwards. An event's region is
 * its own `regionCode` (any level), else its anchor's village; when the anchor is not known yet
 * (topics interleave in any order) the row waits with `region_key = anchor` and is filled in when
 * the anchor is taught. So the final rows do not depend on the order streams were read in.
 */
export interface RegionResolution {
  region: string | null;
  /** The anchor this row waits for when its region is not known yet. */
  pendingKey: string | null;
}

function homeOf(event: RecordedEvent): string | undefined {
  const stream = streamOf(event.streamId);
  if (!stream.id) return undefined;
  if (stream.kind === 'proposal' || stream.kind === 'case') return `proposal:${stream.id}`;
  if (stream.kind === 'household') return `household:${stream.id}`;
  return undefined;
}

export function anchorOf(event: RecordedEvent): string | undefined {
  const home = homeOf(event);
  if (home) return home;
  const household = uuid(event.data, 'householdId');
  const proposal = uuid(event.data, 'proposalId');
  if (streamOf(event.streamId).kind === 'document') return proposal ? `proposal:${proposal}` : undefined;
  if (household) return `household:${household}`;
  return proposal ? `proposal:${proposal}` : undefined;
}

/** A projection's table of anchors (`<name>_regions`) and the tables whose rows wait for them. */
export interface RegionTables {
  readonly anchors: string;
  readonly rows: readonly string[];
}

export class RegionKeys {
  readonly #known: Map<string, string>;
  readonly #learned = new Map<string, string>();
  readonly #anchors: string;
  readonly #rows: readonly string[];

  private constructor(known: Map<string, string>, anchors: string, rows: readonly string[]) {
    this.#known = known;
    this.#anchors = anchors;
    this.#rows = rows;
  }

  /** Loads the anchors the events may need from the `tables.anchors` of `table`'s copy (live or shadow). */
  static async load(
    db: Queryable,
    tables: RegionTables,
    table: TableName,
    events: readonly RecordedEvent[],
  ): Promise<RegionKeys> {
    const anchors = table(tables.anchors);
    const keys = new Set<string>();
    for (const event of events) {
      const anchor = anchorOf(event);
      if (anchor) keys.add(anchor);
    }
    const known = new Map<string, string>();
    if (keys.size > 0) {
      const rows = await db.query<{ key: string; region_code: string }>(
        `SELECT key, region_code FROM ${anchors} WHERE key = ANY($1::text[])`,
        [[...keys]],
      );
      for (const row of rows.rows) known.set(row.key, row.region_code);
    }
    return new RegionKeys(known, anchors, tables.rows.map(table));
  }

  /** The region of `event`; call in batch order (it learns from the events it sees). */
  resolve(event: RecordedEvent): RegionResolution {
    const own = event.data['regionCode'];
    const home = homeOf(event);
    if (home && isVillageCode(own) && !this.#known.has(home)) {
      this.#known.set(home, own);
      this.#learned.set(home, own);
    }
    if (isRegionCode(own)) return { region: own, pendingKey: null };
    const anchor = anchorOf(event);
    if (!anchor) return { region: null, pendingKey: null };
    const known = this.#known.get(anchor);
    return known ? { region: known, pendingKey: null } : { region: null, pendingKey: anchor };
  }

  /** Stores what was learned and fills in the rows that waited for it. Call after writing the batch's rows. */
  async flush(db: Queryable): Promise<void> {
    if (this.#learned.size === 0) return;
    // In one order: two batches inserting the same anchors (a rebuild's two consumers) wait, never deadlock.
    const learned = [...this.#learned].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const keys = learned.map(([key]) => key);
    const regions = learned.map(([, region]) => region);
    await db.query(
      `INSERT INTO ${this.#anchors} (key, region_code) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (key) DO NOTHING`,
      [keys, regions],
    );
    for (const rows of this.#rows) {
      await db.query(
        `UPDATE ${rows} r SET region_code = k.region_code, region_key = NULL
         FROM unnest($1::text[], $2::text[]) AS k(key, region_code)
         WHERE r.region_key = k.key AND r.region_code IS NULL`,
        [keys, regions],
      );
    }
  }
}

/**
 * Fills in every row still waiting for an anchor that its table now knows. A batch fills the
 * rows that wait for what it learned, but not rows another consumer inserted meanwhile (not yet
 * committed when it looked): a rebuild with two consumers (`Projection.parallelRebuild`) runs
 * this once both have stopped, before the swap.
 */
export async function fillWaitingRegions(
  db: Queryable,
  projection: Pick<Projection, 'regions'>,
  table: TableName,
): Promise<void> {
  if (!projection.regions) return;
  for (const rows of projection.regions.rows) {
    await db.query(
      `UPDATE ${table(rows)} r SET region_code = k.region_code, region_key = NULL
         FROM ${table(projection.regions.anchors)} k
        WHERE r.region_key = k.key AND r.region_code IS NULL`,
    );
  }
}
