import type { Queryable } from '@siks/pg';
import type { UserRole } from '@siks/service-kit';

/** A person who can sign in (never log `name` or `username` with anything personal). */
export interface User {
  id: string;
  username: string;
  name: string;
  role: UserRole;
  /** Scope: a village for an operator, a regency for verifikator/admin kabkota, … ('' national). */
  regionCode: string;
  demo: boolean;
  createdAt: Date;
  disabledAt: Date | null;
}

export interface UserWithHash extends User {
  passwordHash: string;
}

interface Row {
  id: string;
  username: string;
  name: string;
  role: string;
  region_code: string;
  demo: boolean;
  created_at: Date;
  disabled_at: Date | null;
  password_hash: string;
}

const COLUMNS = 'id, username, name, role, region_code, demo, created_at, disabled_at, password_hash';

const toUser = (row: Row): UserWithHash => ({
  id: row.id,
  username: row.username,
  name: row.name,
  role: row.role as UserRole,
  regionCode: row.region_code,
  demo: row.demo,
  createdAt: row.created_at,
  disabledAt: row.disabled_at,
  passwordHash: row.password_hash,
});

/** Drops the hash before a user leaves the store's callers. */
export const withoutHash = ({ passwordHash: _hash, ...user }: UserWithHash): User => user;

/** User names are compared lower-case and trimmed. */
export const normalizeUsername = (username: string): string => username.trim().toLowerCase();

export interface NewUserRow {
  id: string;
  username: string;
  name: string;
  role: UserRole;
  regionCode: string;
  passwordHash: string;
  demo?: boolean;
  createdBy?: string | undefined;
  now: Date;
}

/** Inserts a user; undefined when the user name is taken. */
export async function insertUser(db: Queryable, user: NewUserRow): Promise<User | undefined> {
  const { rows } = await db.query<Row>(
    `INSERT INTO gateway.users (id, username, name, role, region_code, password_hash, demo, created_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (username) DO NOTHING
     RETURNING ${COLUMNS}`,
    [
      user.id,
      normalizeUsername(user.username),
      user.name,
      user.role,
      user.regionCode,
      user.passwordHash,
      user.demo ?? false,
      user.now,
      user.createdBy ?? null,
    ],
  );
  return rows[0] ? withoutHash(toUser(rows[0])) : undefined;
}

export async function findUserByUsername(db: Queryable, username: string): Promise<UserWithHash | undefined> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM gateway.users WHERE username = $1`, [
    normalizeUsername(username),
  ]);
  return rows[0] ? toUser(rows[0]) : undefined;
}

export async function findUserById(db: Queryable, id: string): Promise<User | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM gateway.users WHERE id = $1`, [id]);
  return rows[0] ? withoutHash(toUser(rows[0])) : undefined;
}

/** Users whose scope lies within `scope` ('' = all), by region then user name. */
export async function listUsers(db: Queryable, scope: string): Promise<User[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM gateway.users
     WHERE $1 = '' OR region_code = $1 OR region_code LIKE $1 || '.%'
     ORDER BY region_code, username`,
    [scope],
  );
  return rows.map((row) => withoutHash(toUser(row)));
}

/**
 * The people a caller may name: users within `scope` and users whose scope contains it (a village
 * operator sees the regency's verifikator), so an audit trail can show who acted, not just ids.
 */
export async function listColleagues(db: Queryable, scope: string): Promise<User[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM gateway.users
     WHERE $1 = '' OR region_code = '' OR region_code = $1 OR region_code LIKE $1 || '.%'
        OR $1 LIKE region_code || '.%'
     ORDER BY region_code, username`,
    [scope],
  );
  return rows.map((row) => withoutHash(toUser(row)));
}

/** Ends every login session of a user (their refresh-token families). */
export async function revokeSessionsOf(db: Queryable, id: string, now: Date, reason: string): Promise<void> {
  await db.query(
    `UPDATE gateway.refresh_families SET revoked_at = $2, revoked_reason = $3
     WHERE user_id = $1 AND revoked_at IS NULL`,
    [id, now, reason],
  );
}

/** Marks a user disabled (idempotent) and revokes every login session of theirs. */
export async function disableUser(db: Queryable, id: string, now: Date): Promise<User | undefined> {
  const { rows } = await db.query<Row>(
    `UPDATE gateway.users SET disabled_at = coalesce(disabled_at, $2) WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, now],
  );
  await db.query(
    `UPDATE gateway.refresh_families SET revoked_at = $2, revoked_reason = 'user_disabled'
     WHERE user_id = $1 AND revoked_at IS NULL`,
    [id, now],
  );
  return rows[0] ? withoutHash(toUser(rows[0])) : undefined;
}

export async function setPasswordHash(db: Queryable, id: string, passwordHash: string): Promise<void> {
  await db.query('UPDATE gateway.users SET password_hash = $2 WHERE id = $1', [id, passwordHash]);
}

/** The users flagged as demo users. */
export async function listDemoUsers(db: Queryable): Promise<UserWithHash[]> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM gateway.users WHERE demo ORDER BY username`);
  return rows.map(toUser);
}
