import type { Queryable } from '@siks/pg';
import { computeBlindIndex } from './blind-index.ts';
import {
  decryptBytes,
  decryptValue,
  encryptBytes,
  encryptValue,
  isSealedBytes,
  KEY_BYTES,
  newDataKey,
  unwrapDataKey,
  wrapDataKey,
} from './crypto.ts';
import { PiiIntegrityError, SubjectForgottenError } from './errors.ts';
import { createIndexResolver, dropAliasesOf, PERSON_SUBJECT_PREFIX, type ResolveOptions } from './identities.ts';
import { createEntropy } from './entropy.ts';
import { Lru } from './lru.ts';
import { createKeyReader } from './read-keys.ts';
import { createSealKeys, type KeyEntry, type KeyRow } from './seal-keys.ts';
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
  /**
   * The blind-index key before the last rotation, until `pnpm siks pii reindex` has run to its end
   * (`PII_BLIND_INDEX_KEY_PREVIOUS`; identities.ts).
   */
  previousBlindIndexKey?: Buffer | undefined;
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
  /**
   * Seals one JSON value for a subject, creating the subject's key on first use. `field` (default
   * `value`) is bound into the AAD with the subject: the value opens only as that field.
   */
  seal(subjectId: string, value: unknown, field?: string): Promise<Sealed>;
  sealMany(subjectId: string, values: readonly unknown[], field?: string): Promise<Sealed[]>;
  /**
   * Seals values of many subjects at once, in order: existing keys are read in one query and
   * missing ones created in one insert, shared with the other `sealAll` calls waiting meanwhile
   * (group commit, seal-keys.ts). Throws SubjectForgottenError (creating nothing for this call)
   * when any of its subjects was forgotten.
   */
  sealAll(items: readonly SealItem[]): Promise<Sealed[]>;
  /**
   * The value, or undefined when the subject was forgotten. Throws PiiIntegrityError when it does
   * not authenticate, or (given `field`) when it was sealed as another field.
   */
  open(sealed: Sealed, field?: string): Promise<unknown>;
  /** Seals a file's bytes for a subject and field (evidence scans and photos at rest). */
  sealBytes(subjectId: string, field: string, bytes: Buffer): Promise<Buffer>;
  /** The bytes, or undefined when the subject was forgotten; bytes not sealed are returned as they are. */
  openBytes(subjectId: string, field: string, bytes: Buffer): Promise<Buffer | undefined>;
  /**
   * Drops the subject's cached key, so the next open reads its row again: told by another
   * process that the subject was forgotten, this one stops opening it at once instead of when
   * the cache entry expires. Writes nothing (a service that may not forget may evict).
   */
  evict(subjectId: string): void;
  /** Whether the subject was forgotten (false for one never sealed). */
  isForgotten(subjectId: string): Promise<boolean>;
  /** Crypto-shreds a subject: its key is erased, its sealed values become unreadable, seal() throws. Idempotent. */
  forget(subjectId: string): Promise<void>;
  /**
   * Equality-searchable HMAC of a normalised value under the current key. Only for values whose
   * index is not kept beyond a key rotation (a rate-limit key, two values compared at once); an
   * index that is stored or looked up (NIK, KK) is `identityIndexes`.
   */
  blindIndex(purpose: string, value: string): string;
  /**
   * The index each value is known by in the log and the read models, in order: the current key's
   * index, or during and after a blind-index key rotation the identity it had before
   * (identities.ts). `record` on writes.
   */
  identityIndexes(purpose: string, values: readonly string[], options?: ResolveOptions): Promise<string[]>;
  /** `identityIndexes` of one value. */
  identityIndex(purpose: string, value: string, options?: ResolveOptions): Promise<string>;
}

export interface SealItem {
  subjectId: string;
  value: unknown;
  /** Bound into the AAD with the subject (default `value`). */
  field?: string | undefined;
}

type Entry = KeyEntry;
type Row = Omit<KeyRow, 'subject_id'>;

const FORGOTTEN: Entry = { kind: 'forgotten' };

export function createKeyring(options: KeyringOptions): Keyring {
  const { pool, masterKey, blindIndexKey } = options;
  const version = options.masterKeyVersion ?? 1;
  const now = options.now ?? Date.now;
  const ttl = options.cacheTtlMs ?? 60_000;
  if (masterKey.length !== KEY_BYTES) throw new TypeError('createKeyring: masterKey must be 32 bytes');
  if (blindIndexKey.length !== KEY_BYTES) throw new TypeError('createKeyring: blindIndexKey must be 32 bytes');
  if (masterKey.equals(blindIndexKey)) throw new TypeError('createKeyring: blindIndexKey must differ from masterKey');
  const previousBlindIndexKey = options.previousBlindIndexKey;
  if (previousBlindIndexKey && previousBlindIndexKey.length !== KEY_BYTES)
    throw new TypeError('createKeyring: previousBlindIndexKey must be 32 bytes');
  const identityIndexes = createIndexResolver({ pool, key: blindIndexKey, previousKey: previousBlindIndexKey });
  const masterKeys = new Map(options.previousMasterKeys ?? []);
  masterKeys.set(version, masterKey);
  const cache = new Lru<string, Entry>(options.cacheSize ?? 10_000);
  const loading = new Map<string, Promise<Entry | undefined>>();
  const random = createEntropy();

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
  /** Reads for `open()`: concurrent ones share one query (read-keys.ts). */
  const selectForOpen = createKeyReader(pool);

  /** Reads (and with `create`, first makes) the subject's key; one database trip per subject at a time. */
  const entryFor = async (subjectId: string, create: boolean): Promise<Entry | undefined> => {
    const cached = cache.get(subjectId);
    if (cached && (cached.kind === 'forgotten' || cached.expiresAt > now())) return cached;
    const key = `${create ? 'c' : 'r'}:${subjectId}`;
    let pending = loading.get(key);
    if (!pending) {
      pending = (async () => {
        let row = create ? await select(subjectId) : await selectForOpen(subjectId);
        if (!row && create) {
          const wrapped = wrapDataKey(masterKey, version, subjectId, newDataKey(random), random);
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

  /** Keys for `sealAll`, batched across concurrent calls (seal-keys.ts). */
  const keysForSeal = createSealKeys({
    pool,
    cache,
    now,
    version,
    fromRow,
    wrapNew: (subjectId) => wrapDataKey(masterKey, version, subjectId, newDataKey(random), random),
    checkSubjectId,
  });

  const keyForSeal = async (subjectId: string): Promise<Buffer> => {
    checkSubjectId(subjectId);
    const entry = await entryFor(subjectId, true);
    if (!entry) throw new Error('pii: subject key row vanished while sealing');
    if (entry.kind === 'forgotten') throw new SubjectForgottenError(subjectId);
    return entry.key;
  };

  return {
    async seal(subjectId, value, field) {
      const key = await keyForSeal(subjectId);
      return encryptValue(key, subjectId, toJson(value), random, field);
    },
    async sealMany(subjectId, values, field) {
      const key = await keyForSeal(subjectId);
      return values.map((value) => encryptValue(key, subjectId, toJson(value), random, field));
    },
    async sealAll(items) {
      const keys = await keysForSeal(items.map((item) => item.subjectId));
      return items.map(({ subjectId, value, field }) => {
        const key = keys.get(subjectId);
        if (!key) throw new Error('pii: subject key missing while sealing');
        return encryptValue(key, subjectId, toJson(value), random, field);
      });
    },
    async open(sealed, field) {
      if (!isSealed(sealed)) throw new PiiIntegrityError('malformed');
      // A version-1 value names no field: it is read as any field (written before fields were bound).
      if (field !== undefined && sealed.$sealed === 2 && sealed.f !== field) {
        throw new PiiIntegrityError('field_mismatch');
      }
      const entry = await entryFor(sealed.sub, false);
      if (!entry) throw new PiiIntegrityError('unknown_subject');
      if (entry.kind === 'forgotten') return undefined;
      return decryptValue(entry.key, sealed);
    },
    async sealBytes(subjectId, field, bytes) {
      const key = await keyForSeal(subjectId);
      return encryptBytes(key, subjectId, field, bytes, random);
    },
    async openBytes(subjectId, field, bytes) {
      if (!isSealedBytes(bytes)) return bytes;
      const entry = await entryFor(subjectId, false);
      if (!entry) throw new PiiIntegrityError('unknown_subject');
      if (entry.kind === 'forgotten') return undefined;
      return decryptBytes(entry.key, subjectId, field, bytes);
    },
    evict(subjectId) {
      if (cache.get(subjectId)?.kind !== 'forgotten') cache.delete(subjectId);
    },
    async isForgotten(subjectId) {
      return (await entryFor(subjectId, false))?.kind === 'forgotten';
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
      // A forgotten person is not found by NIK under a newer blind-index key either.
      if (subjectId.startsWith(PERSON_SUBJECT_PREFIX))
        await dropAliasesOf(pool, subjectId.slice(PERSON_SUBJECT_PREFIX.length));
    },
    blindIndex(purpose, value) {
      return computeBlindIndex(blindIndexKey, purpose, value);
    },
    identityIndexes,
    async identityIndex(purpose, value, resolveOptions) {
      const [index] = await identityIndexes(purpose, [value], resolveOptions);
      return index!;
    },
  };
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
