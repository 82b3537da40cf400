import type { RecordedEvent, Topic } from '@siks/contracts';
import type { PoolClient } from '@siks/pg';
import type { RegionTables } from './region-keys.ts';

/** Schema of every reporting table (DESIGN.md §3: one schema per service). */
export const SCHEMA = 'reporting';

/** Which copy of a projection's tables a batch writes to: the live one or the shadow being rebuilt. */
export type Target = 'live' | 'shadow';

export const SHADOW_SUFFIX = '__next';

/** Qualified name of one of a projection's tables, live or shadow. */
export type TableName = (table: string) => string;

export const tableName =
  (target: Target): TableName =>
  (table) =>
    `${SCHEMA}.${target === 'live' ? table : `${table}${SHADOW_SUFFIX}`}`;

/** The live tables, as every query of the HTTP side reads them. */
export const live: TableName = tableName('live');

/**
 * A projection: a set of tables in schema `reporting`, built from events of some topics.
 * `apply` gets each event at most once (the batch runner removes redeliveries by stream
 * revision), in stream order for each stream, but streams (and topics) interleave in any order:
 * an `apply` must give the same rows whatever that interleaving, so that a projection rebuilt
 * from the beginning equals the live one row for row.
 */
export interface Projection {
  readonly name: ProjectionName;
  readonly topics: readonly Topic[];
  /** Its own tables; `<name>_streams` and `<name>_progress` are added by the runner. Swapped together on rebuild. */
  readonly tables: readonly string[];
  /**
   * Secondary indexes `apply` itself reads through. A rebuild creates these with the shadow
   * tables and the others (for the HTTP queries) in bulk once it has caught up.
   */
  readonly applyIndexes?: readonly string[];
  /**
   * `target` says which copy `table` names: a rebuild's `shadow` tables are fresh and have only
   * the rebuild's consumer as writer, so an `apply` may bulk-load them (COPY) where it would
   * insert row by row into the live ones, as long as the rows come out the same.
   */
  apply(client: PoolClient, events: readonly RecordedEvent[], table: TableName, target: Target): Promise<void>;
  /**
   * A rebuild may run two consumers in its group (one's statements run in PostgreSQL while the
   * other works in Node) when no row `apply` writes is ever read and rewritten by a batch of
   * another partition: rows per event, or per key of the event's own stream. Region anchors
   * qualify: they are inserted idempotently (in one order, so two batches cannot deadlock) and
   * a row left waiting for an anchor that another consumer taught meanwhile is filled in before
   * the swap (`regions`). A projection that evolves one row from several topics (a proposal's row
   * from intake, verification and registry events) must not: two batches would lose updates.
   * The `<name>_progress` row is shared; its update is each batch's last statement.
   */
  readonly parallelRebuild?: boolean;
  /** Its `RegionKeys` tables, when its rows wait for region anchors (filled in again before a swap). */
  readonly regions?: RegionTables;
}

export const PROJECTION_NAMES = ['proposals', 'households', 'decisions', 'operators', 'quality', 'audit'] as const;
export type ProjectionName = (typeof PROJECTION_NAMES)[number];

export const isProjectionName = (value: string): value is ProjectionName =>
  (PROJECTION_NAMES as readonly string[]).includes(value);

/** Every table of a projection, bookkeeping included (what a rebuild creates and swaps). */
export const allTables = (projection: Projection): string[] => [
  ...projection.tables,
  `${projection.name}_streams`,
  `${projection.name}_progress`,
];

/** The consumer group of a projection's generation: a new generation reads every topic from the beginning. */
export const groupId = (name: ProjectionName, generation: number): string => `reporting.${name}.g${generation}`;
