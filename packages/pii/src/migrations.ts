import type { MigrationSet } from '@siks/pg';

/**
 * One row per data subject. Forgetting keeps the row as a tombstone with the key material
 * removed (`wrapped_key` NULL, `forgotten_at` set) rather than deleting it: a deleted row
 * would let a later `seal` silently mint a fresh key for an erased subject, and `open` could
 * not tell "shredded" from "never existed" (a sign of a wrong database or tampering). The
 * row itself holds no personal data: the subject id is pseudonymous.
 */
export const piiMigrations: MigrationSet = {
  component: 'pii',
  migrations: [
    {
      id: '001_subject_keys',
      sql: `
        CREATE SCHEMA IF NOT EXISTS pii;
        CREATE TABLE pii.subject_keys (
          subject_id   text PRIMARY KEY CHECK (length(subject_id) BETWEEN 1 AND 200),
          -- iv (12) || tag (16) || AES-256-GCM(master key, data key) (32); NULL once forgotten.
          wrapped_key  bytea,
          key_version  integer NOT NULL,
          created_at   timestamptz NOT NULL DEFAULT now(),
          forgotten_at timestamptz,
          CONSTRAINT subject_keys_forgotten_has_no_key CHECK ((wrapped_key IS NULL) = (forgotten_at IS NOT NULL))
        );
        COMMENT ON TABLE pii.subject_keys IS
          'Per-subject data keys, wrapped under the master key; a row with forgotten_at is crypto-shredded.';
      `,
    },
  ],
};
