import type { Queryable } from '@siks/pg';
import type { AuthenticatedActor } from '@siks/service-kit';

/**
 * Records that `actor` was shown personal data of these subjects in clear (DESIGN.md §6), one
 * row per subject, in one statement. Ids and codes only.
 */
export async function recordPersonalReads(
  db: Queryable,
  read: { actor: AuthenticatedActor; subjects: readonly string[]; purpose: string; requestId: string; at: Date },
): Promise<void> {
  if (read.subjects.length === 0) return;
  await db.query(
    `INSERT INTO verification.personal_data_reads (user_id, role, subject, purpose, request_id, read_at)
     SELECT $1, $2, subject, $4, $5, $6 FROM unnest($3::text[]) AS subject`,
    [read.actor.userId, read.actor.role, read.subjects, read.purpose, read.requestId, read.at],
  );
}
