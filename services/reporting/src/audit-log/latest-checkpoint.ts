import { openCheckpoint, readRecordedCheckpoint, shortCode } from '@siks/eventstore';
import type { Queryable } from '@siks/pg';
import { z } from 'zod';

/** The audit log's latest signed checkpoint as a report prints it (null: none published yet). */
export const CheckpointSummary = z
  .object({
    treeSize: z.number().int(),
    rootHex: z.string(),
    rootBase64: z.string(),
    /** `<size>-<10 base32 characters of the root>`, as `siks audit verify` prints it. */
    shortCode: z.string(),
    signedAt: z.string(),
  })
  .nullable();
export type CheckpointSummary = z.infer<typeof CheckpointSummary>;

/**
 * The latest checkpoint for a report. Its signature is checked against the key recorded beside
 * it, which only catches a damaged copy: whoever checks the code later does it with a pinned key
 * (`siks audit verify --checkpoint`, docs in TRANSPARENCY.md).
 */
export async function latestCheckpointSummary(db: Queryable): Promise<CheckpointSummary> {
  const found = await readRecordedCheckpoint(db);
  if (!found) return null;
  const checkpoint = openCheckpoint(found.note, found.vkey);
  return {
    treeSize: checkpoint.size,
    rootHex: checkpoint.root.toString('hex'),
    rootBase64: checkpoint.root.toString('base64'),
    shortCode: shortCode(checkpoint),
    signedAt: checkpoint.time,
  };
}
