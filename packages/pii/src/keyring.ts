import type { Pool, Queryable } from '@siks/pg';
import { computeBlindIndex } from './blind-index.ts';
import { decryptValue, encryptValue, KEY_BYTES, newDataKey, unwrapDataKey, wrapDataKey } from './crypto.ts';
import { PiiIntegrityError, SubjectForgottenError } from './errors.ts';
import { Lru } from './lru.ts';
import { isSealed, type Sealed } from './sealed.ts';

export interface KeyringOptions {
  pool: Queryable;
  /** Wraps every data key (32 bytes, from configuration). */
  masterKey: Buffer;
  /** Stored with each key it wraps; raise it when the master key is rotated. Default 1. */
  masterKeyVersion?: number;
  /** Earlier master keys by version, to open keys wrapped before a rotation. */
  previousMasterKeys?: ReadonlyMap<number, Buffer>;
  /** HMAC key for blind indexes (32 bytes); must differ from the master key. */
  blindIndexKey: Buffer;
  /** Unwrapped data keys kept in memory (LRU). Default 10,000; 0 disables the cache. */
  cacheSize?: number;
  /**
   * How long a cached data key is trusted. Another process may forget the subject meanwhile,
   * so this bounds how long it can still be opened here. Default 60,000 ms.
   */
  cacheTtlMs?: number;
  /** Clock for the cache TTL. Default `Date.now`. */
  now?: () => number;
}

export interface Keyring {
  /** Seals one JSON value for a subject, creating the subject's key on first use. */
  seal(subjectId: string, value: unknown): Promise<Sealed>;
  sealMany(subjectId: string, values: readonly unknown[]): Promise<Sealed[]>;
  /**
   * Seals values of many subjects at once, in order: existing keys are read in one query and
   * missing ones created in one insert. Throws SubjectForgottenError (creating nothing) when
   * any subject was forgotten.
   */
  sealAll(items: readonly SealItem[]): Promise<Sealed[]>;
  /** The value, or undefined when the subject was forgotten. Throws PiiIntegrityError when it does not authenticate. */
  open(sealed: Sealed): Promise<unknown>;
  /** Crypto-shreds a subject: its key is erased, its sealed values become unreadable, seal() throws. Idempotent. */
  forget(subjectId: string): Promise<void>;
  /** Equality-searchable HMAC of a normalised value ('nik', 'kk', …). */
  blindIndex(purpose: string, value: string): string;
}

export interface SealItem {
  subjectId: string;
  value: unknown;
}

type Entry = { kind: 'key'; key: Buffer; expiresAt: number } | { kind: 'forgotten' };
type Row = { wrapped_key: Buffer | null; key_version: number };
type SubjectRow = Row & { subject_id: string };

const FORGOTTEN: Entry = { kind: 'forgotten' };

export function createKeyring(options: KeyringOptions): Keyring {
  const { pool, masterKey, blindIndexKey } = options;
  const version = options.masterKeyVersion ?? 1;
  const now = options.now ?? Date.now;
  const ttl = options.cacheTtlMs ?? 60_000;
  if (masterKey.length !== KEY_BYTES) throw new TypeError('createKeyring: masterKey must be 32 bytes');
  if (blindIndexKey.length !== KEY_BYTES) throw new TypeError('createKeyring: blindIndexKey must be 32 bytes');
  if (masterKey.equals(blindIndexKey)) throw new TypeError('createKeyring: blindIndexKey must differ from masterKey');
  const masterKeys = new Map(options.previousMasterKeys ?? []);
  masterKeys.set(version, masterKey);
  const cache = new Lru<string, Entry>(options.cacheSize ?? 10_000);
  const loading = new Map<string, Promise<Entry | undefined>>();

  const fromRow = (subjectId: string, row: Row): Entry => {
    if (row.wrapped_key === null) return FORGOTTEN;
    const wrappingKey = masterKeys.get(row.key_version);
    if (!wrappingKey) throw new PiiIntegrityError('unknown_key_version');
    const key = unwrapDataKey(wrappingKey, row.key_version, subjectId, row.wrapped_key);
    return { kind: 'key', key, expiresAt: now() + ttl };
  };

  const select = async (subjectId: string): Promise<Row | undefined> =>
    (await pool.query<Row>('SELECT wrapped_key, key_version FROM pii.subject_keys WHERE subject_id = $1', [subjectId]))
      .rows[0];

  /** Reads (and with `create`, first makes) the subject's key; one database trip per subject at a time. */
  const entryFor = async (subjectId: string, create: boolean): Promise<Entry | undefined> => {
    const cached = cache.get(subjectId);
    if (cached && (cached.kind === 'forgotten' || cached.expiresAt > now())) return cached;
    const key = `${create ? 'c' : 'r'}:${subjectId}`;
    let pending = loading.get(key);
    if (!pending) {
      pending = (async () => {
        let row = await select(subjectId);
        if (!row && create) {
          const wrapped = wrapDataKey(masterKey, version, subjectId, newDataKey());
          // Two writers may race to create the key: one insert wins, both then use the stored row.
          const inserted = await pool.query<Row>(
            `INSERT INTO pii.subject_keys (subject_id, wrapped_key, key_version) VALUES ($1, $2, $3)
             ON CONFLICT (subject_id) DO NOTHING RETURNING wrapped_key, key_version`,
            [subjectId, wrapped, version],
          );
          row = inserted.rows[0] ?? (await select(subjectId));
        }
        if (!row) return undefined;
        const entry = fromRow(subjectId, row);
        // A forget() that finished while this read was in flight wins over the key it read.
        const current = cache.get(subjectId);
        if (current?.kind === 'forgotten') return current;
        cache.set(subjectId, entry);
        return entry;
      })().finally(() => loading.delete(key));
      loading.set(key, pending);
    }
    return pending;
  };

  const selectAll = async (subjectIds: readonly string[]): Promise<Map<string, Row>> => {
    const { rows } = await pool.query<SubjectRow>(
      'SELECT subject_id, wrapped_key, key_version FROM pii.subject_keys WHERE subject_id = ANY($1::text[])',
      [subjectIds],
    );
    return new Map(rows.map((row) => [row.subject_id, row]));
  };

  /**
   * Creates the keys of `subjectIds` (sorted, so concurrent batches lock in the same order) in
   * one statement; returns the rows this call inserted (a concurrent writer may have won others).
   *
   * The insert commits with `synchronous_commit = off`: it does not wait for its WAL flush.
   * That is safe because a key is only worth keeping once a value sealed with it is stored,
   * and that value is appended afterwards in a transaction that commits durably. WAL is
   * flushed in order, so the durable flush of that later commit also flushes this earlier
   * record: if the server crashes before, the key may be lost but so is every value sealed
   * with it (nothing was acknowledged). A key of a failed append is merely unused.
   */
  const insertAll = async (subjectIds: readonly string[]): Promise<Map<string, Row>> => {
    const wrapped = subjectIds.map((subjectId) => wrapDataKey(masterKey, version, subjectId, newDataKey()));
    const sql = `INSERT INTO pii.subject_keys (subject_id, wrapped_key, key_version)
       SELECT subject_id, wrapped_key, $3 FROM unnest($1::text[], $2::bytea[]) AS k(subject_id, wrapped_key)
       ON CONFLICT (subject_id) DO NOTHING RETURNING subject_id, wrapped_key, key_version`;
    const params = [subjectIds, wrapped, version];
    let rows: SubjectRow[];
    if (isPool(pool)) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN; SET LOCAL synchronous_commit = off');
        rows = (await client.query<SubjectRow>(sql, params)).rows;
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    } else {
      // A client (maybe inside the caller's transaction): its commit decides durability.
      rows = (await pool.query<SubjectRow>(sql, params)).rows;
    }
    return new Map(rows.map((row) => [row.subject_id, row]));
  };

  /** Keys for sealing many subjects: one SELECT for those not cached, one INSERT for the missing. */
  const keysForSeal = async (subjectIds: readonly string[]): Promise<Map<string, Buffer>> => {
    const keys = new Map<string, Buffer>();
    const toLoad: string[] = [];
    for (const subjectId of new Set(subjectIds)) {
      checkSubjectId(subjectId);
      const cached = cache.get(subjectId);
      if (cached?.kind === 'forgotten') throw new SubjectForgottenError(subjectId);
      if (cached && cached.expiresAt > now()) keys.set(subjectId, cached.key);
      else toLoad.push(subjectId);
    }
    if (toLoad.length === 0) return keys;
    const rows = await selectAll(toLoad);
    const forgotten = [...rows].find(([, row]) => row.wrapped_key === null);
    if (forgotten) {
      cache.set(forgotten[0], FORGOTTEN);
      throw new SubjectForgottenError(forgotten[0]);
    }
    const missing = toLoad.filter((subjectId) => !rows.has(subjectId)).sort();
    if (missing.length > 0) {
      const inserted = await insertAll(missing);
      for (const [subjectId, row] of inserted) rows.set(subjectId, row);
      // Two writers may race to create a key: one insert wins, both then use the stored row.
      const lost = missing.filter((subjectId) => !inserted.has(subjectId));
      if (lost.length > 0) for (const [subjectId, row] of await selectAll(lost)) rows.set(subjectId, row);
    }
    for (const subjectId of toLoad) {
      const row = rows.get(subjectId);
      if (!row) throw new Error('pii: subject key row vanished while sealing');
      const entry = fromRow(subjectId, row);
      // A forget() that finished while this read was in flight wins over the key it read.
      const current = cache.get(subjectId);
      if (current?.kind === 'forgotten' || entry.kind === 'forgotten') throw new SubjectForgottenError(subjectId);
      cache.set(subjectId, entry);
      keys.set(subjectId, entry.key);
    }
    return keys;
  };

  const keyForSeal = async (subjectId: string): Promise<Buffer> => {
    checkSubjectId(subjectId);
    const entry = await entryFor(subjectId, true);
    if (!entry) throw new Error('pii: subject key row vanished while sealing');
    if (entry.kind === 'forgotten') throw new SubjectForgottenError(subjectId);
    return entry.key;
  };

  return {
    async seal(subjectId, value) {
      const key = await keyForSeal(subjectId);
      return encryptValue(key, subjectId, toJson(value));
    },
    async sealMany(subjectId, values) {
      const key = await keyForSeal(subjectId);
      return values.map((value) => encryptValue(key, subjectId, toJson(value)));
    },
    async sealAll(items) {
      const keys = await keysForSeal(items.map((item) => item.subjectId));
      return items.map(({ subjectId, value }) => {
        const key = keys.get(subjectId);
        if (!key) throw new Error('pii: subject key missing while sealing');
        return encryptValue(key, subjectId, toJson(value));
      });
    },
    async open(sealed) {
      if (!isSealed(sealed)) throw new PiiIntegrityError('malformed');
      const entry = await entryFor(sealed.sub, false);
      if (!entry) throw new PiiIntegrityError('unknown_subject');
      if (entry.kind === 'forgotten') return undefined;
      return decryptValue(entry.key, sealed);
    },
    async forget(subjectId) {
      checkSubjectId(subjectId);
      // A tombstone even for a subject never sealed, so nothing can be sealed for it later.
      await pool.query(
        `INSERT INTO pii.subject_keys (subject_id, wrapped_key, key_version, forgotten_at) VALUES ($1, NULL, $2, now())
         ON CONFLICT (subject_id) DO UPDATE
           SET wrapped_key = NULL, forgotten_at = COALESCE(pii.subject_keys.forgotten_at, now())`,
        [subjectId, version],
      );
      cache.set(subjectId, FORGOTTEN);
    },
    blindIndex(purpose, value) {
      return computeBlindIndex(blindIndexKey, purpose, value);
    },
  };
}

function isPool(queryable: Queryable): queryable is Pool {
  return 'connect' in queryable && !('release' in queryable);
}

function checkSubjectId(subjectId: string): void {
  if (typeof subjectId !== 'string' || subjectId.length === 0 || subjectId.length > 200) {
    throw new TypeError('pii: subject id must be a non-empty string of at most 200 characters');
  }
  // Subject ids are pseudonymous (a UUID); a NIK or KK number must never become one.
  if (/^\d{16}$/.test(subjectId)) throw new TypeError('pii: subject id looks like a NIK or KK number');
}

function toJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('pii: only JSON values can be sealed');
  return json;
}
