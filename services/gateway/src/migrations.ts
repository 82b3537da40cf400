import type { MigrationSet } from '@siks/pg';

/** The gateway service's own tables live in the `gateway` schema (DESIGN.md §3: one schema per service). */
export const migrations: MigrationSet = {
  component: 'gateway',
  migrations: [
    { id: '001_schema', sql: 'CREATE SCHEMA IF NOT EXISTS gateway' },
    {
      id: '002_users',
      sql: `
CREATE TABLE gateway.users (
  id uuid PRIMARY KEY,
  username text NOT NULL UNIQUE,
  name text NOT NULL,
  role text NOT NULL,
  region_code text NOT NULL,
  -- scrypt$<logN>$<r>$<p>$<salt base64>$<hash base64>: the parameters travel with the hash
  password_hash text NOT NULL,
  demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  created_by uuid,
  disabled_at timestamptz
);
CREATE INDEX users_region ON gateway.users (region_code text_pattern_ops);

-- Failed logins per (normalised) user name, whether or not the user exists: an unknown name
-- slows down and locks like a real one, so the answers reveal nothing.
CREATE TABLE gateway.login_failures (
  username text PRIMARY KEY,
  failures integer NOT NULL,
  last_failure_at timestamptz NOT NULL,
  locked_until timestamptz
);
CREATE INDEX login_failures_age ON gateway.login_failures (last_failure_at);

-- A login starts a family; every refresh rotates the token inside it. Only hashes are stored.
CREATE TABLE gateway.refresh_families (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES gateway.users (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_reason text
);
CREATE INDEX refresh_families_user ON gateway.refresh_families (user_id) WHERE revoked_at IS NULL;

CREATE TABLE gateway.refresh_tokens (
  token_hash bytea PRIMARY KEY,
  family_id uuid NOT NULL REFERENCES gateway.refresh_families (id) ON DELETE CASCADE,
  csrf_hash bytea NOT NULL,
  issued_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX refresh_tokens_family ON gateway.refresh_tokens (family_id);
`,
    },
    {
      // A spent refresh token may be answered once more within a few seconds (a lost answer on
      // a weak connection, two tabs at once): when that happened.
      id: '003_refresh_regrant',
      sql: 'ALTER TABLE gateway.refresh_tokens ADD COLUMN regranted_at timestamptz',
    },
    {
      // The second factor (auth/totp): one TOTP secret per user, sealed with AUTH_TOTP_KEY;
      // 'pending' until a valid code confirms it. last_step: the time step of the last code
      // accepted, so a code works once.
      id: '004_user_totp',
      sql: `
CREATE TABLE gateway.user_totp (
  user_id uuid PRIMARY KEY REFERENCES gateway.users (id),
  secret_sealed bytea NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'active')),
  last_step bigint,
  created_at timestamptz NOT NULL,
  activated_at timestamptz
);`,
    },
  ],
};
