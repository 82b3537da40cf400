import { z } from 'zod';

/**
 * The answer of a stream's hash-chain check (`GET …/proposals/:id/chain`,
 * `GET …/households/:id/chain`): the owning service recomputes every event's hash from the
 * stored event and the previous link (DESIGN.md §6), so a changed, removed or inserted event
 * shows as `broken` at its revision.
 */
export const StreamChainReport = z.discriminatedUnion('status', [
  z.object({
    streamId: z.string(),
    checkedAt: z.iso.datetime(),
    status: z.literal('verified'),
    events: z.number().int().nonnegative(),
    /** Hex SHA-256 of the stream's last link. */
    headHash: z.string(),
  }),
  z.object({
    streamId: z.string(),
    checkedAt: z.iso.datetime(),
    status: z.literal('broken'),
    /** The first revision whose link does not hold. */
    revision: z.number().int().nonnegative(),
    reason: z.string(),
  }),
  z.object({
    streamId: z.string(),
    checkedAt: z.iso.datetime(),
    /** The store keeps no hash chain (KurrentDB). */
    status: z.literal('unsupported'),
  }),
]);
export type StreamChainReport = z.infer<typeof StreamChainReport>;
