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
    {
      // Blind-index key rotation (identities.ts, reindex.ts; docs/security.md "How to rotate keys").
      // An alias says: the index of a value under key `key_id` is `alias`, and the index the log
      // and the read models know that value by (its identity, made under an earlier key) is
      // `canonical`. Neither column holds a value, only HMACs of one.
      id: '002_blind_index_aliases',
      sql: `
        CREATE TABLE pii.blind_index_aliases (
          key_id     text NOT NULL CHECK (key_id ~ '^[0-9a-f]{8}$'),
          alias      text NOT NULL CHECK (alias ~ '^[0-9a-f]{64}$'),
          canonical  text NOT NULL CHECK (canonical ~ '^[0-9a-f]{64}$'),
          created_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (key_id, alias)
        );
        CREATE INDEX blind_index_aliases_by_canonical ON pii.blind_index_aliases (canonical);
        -- How far pnpm siks pii reindex read the log for each key (resumable).
        CREATE TABLE pii.blind_index_reindex (
          key_id     text PRIMARY KEY CHECK (key_id ~ '^[0-9a-f]{8}$'),
          cursor     text NOT NULL,
          events     bigint NOT NULL DEFAULT 0,
          aliases    bigint NOT NULL DEFAULT 0,
          finished   boolean NOT NULL DEFAULT false,
          updated_at timestamptz NOT NULL DEFAULT now()
        );
      `,
    },
  ],
};
