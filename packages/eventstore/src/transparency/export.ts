import type { Queryable } from '@siks/pg';
import { readAll } from '../postgres/read.ts';
import { leafOfEvent, type LogLeaf } from './leaf.ts';

/**
 * One line of an exported log segment (TRANSPARENCY.md "Export"): the leaf, and the event's
 * content as stored (its data is sealed where it holds personal data), from which a verifier
 * recomputes the per-stream hash chain that the leaf's `hash` names.
 */
export interface ExportedLeaf {
  index: number;
  leaf: LogLeaf;
  event: { schemaVersion: number; data: unknown; metadata: unknown };
}

/** The global log from its first event, in the tree's order, as export lines (JSON, no newline). */
export async function* exportLogLines(
  db: Queryable,
  options: { pageSize?: number; limit?: number } = {},
): AsyncGenerator<string> {
  const pageSize = options.pageSize ?? 2_000;
  const limit = options.limit ?? Number.MAX_SAFE_INTEGER;
  let index = 0;
  let after = '';
  while (index < limit) {
    const events = await readAll(db, { after, maxCount: Math.min(pageSize, limit - index) });
    for (const event of events) {
      const line: ExportedLeaf = {
        index,
        leaf: leafOfEvent(event),
        event: { schemaVersion: event.schemaVersion, data: event.data, metadata: event.metadata },
      };
      yield JSON.stringify(line);
      index += 1;
    }
    if (events.length < pageSize || events.length === 0) return;
    after = events.at(-1)?.logPosition ?? after;
  }
}
