import type { OutboxItem, OutboxStore } from './outbox.ts';
import { newSealingKey, openBytes, openJson, sealBytes, sealJson, type Sealed } from './sealed-box.ts';

/**
 * The outbox kept in IndexedDB (survives reloads and closing the browser), every item and photo
 * sealed with its owner's key (see sealed-box.ts for what that protects against). Only the
 * owner's id and the record's id are stored in clear, to find a user's records without opening
 * anyone else's.
 */

const DB_NAME = 'siks-console';
const VERSION = 2;
/** Version 1's items, unsealed and without an owner; claimed once by `claimLegacy`. */
const LEGACY = 'outbox';
const ITEMS = 'sealed-items';
const PHOTOS = 'sealed-photos';
const KEYS = 'keys';

interface ItemRecord extends Sealed {
  clientId: string;
  ownerId: string;
}
interface PhotoRecord extends Sealed {
  photoId: string;
  ownerId: string;
  type: string;
}
interface KeyRecord {
  ownerId: string;
  key: CryptoKey;
}

const itemContext = (ownerId: string, clientId: string): string => `siks-outbox-item:${ownerId}:${clientId}`;
const photoContext = (ownerId: string, photoId: string): string => `siks-outbox-photo:${ownerId}:${photoId}`;

function open(factory: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(DB_NAME, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(LEGACY)) db.createObjectStore(LEGACY, { keyPath: 'clientId' });
      if (!db.objectStoreNames.contains(ITEMS))
        db.createObjectStore(ITEMS, { keyPath: 'clientId' }).createIndex('ownerId', 'ownerId');
      if (!db.objectStoreNames.contains(PHOTOS))
        db.createObjectStore(PHOTOS, { keyPath: 'photoId' }).createIndex('ownerId', 'ownerId');
      if (!db.objectStoreNames.contains(KEYS)) db.createObjectStore(KEYS, { keyPath: 'ownerId' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function run<T>(
  db: IDBDatabase,
  name: string,
  mode: IDBTransactionMode,
  act: (store: IDBObjectStore) => IDBRequest,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(name, mode);
    const request = act(transaction.objectStore(name));
    transaction.oncomplete = () => resolve(request.result as T);
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
}

export interface SealedOutboxStore extends OutboxStore {
  /** Seals version 1's unowned items as `ownerId`'s and removes them from the clear store. */
  claimLegacy(ownerId: string): Promise<number>;
}

export function sealedOutboxStore(factory: IDBFactory): SealedOutboxStore {
  let db: Promise<IDBDatabase> | undefined;
  const connection = (): Promise<IDBDatabase> => (db ??= open(factory));
  const keys = new Map<string, Promise<CryptoKey>>();

  /** The owner's key, made on first use; `add` (not `put`) so two tabs never replace each other's key. */
  const keyFor = (ownerId: string): Promise<CryptoKey> => {
    let key = keys.get(ownerId);
    if (!key) {
      key = (async () => {
        const database = await connection();
        const known = await run<KeyRecord | undefined>(database, KEYS, 'readonly', (store) => store.get(ownerId));
        if (known) return known.key;
        const made = await newSealingKey();
        try {
          await run(database, KEYS, 'readwrite', (store) => store.add({ ownerId, key: made } satisfies KeyRecord));
          return made;
        } catch {
          const other = await run<KeyRecord | undefined>(database, KEYS, 'readonly', (store) => store.get(ownerId));
          if (!other) throw new Error('no outbox key could be kept');
          return other.key;
        }
      })();
      keys.set(ownerId, key);
      key.catch(() => keys.delete(ownerId));
    }
    return key;
  };

  const put = async (item: OutboxItem): Promise<void> => {
    const sealed = await sealJson(await keyFor(item.ownerId), item, itemContext(item.ownerId, item.clientId));
    const record: ItemRecord = { clientId: item.clientId, ownerId: item.ownerId, ...sealed };
    await run(await connection(), ITEMS, 'readwrite', (store) => store.put(record));
  };

  return {
    async all(ownerId) {
      const records = await run<ItemRecord[]>(await connection(), ITEMS, 'readonly', (store) =>
        store.index('ownerId').getAll(ownerId),
      );
      if (records.length === 0) return [];
      const key = await keyFor(ownerId);
      const items: OutboxItem[] = [];
      for (const record of records) {
        // A record that does not open (altered, or sealed for another id) is left alone, never sent.
        const item = await openJson<OutboxItem>(key, record, itemContext(ownerId, record.clientId)).catch(
          () => undefined,
        );
        if (item && item.ownerId === ownerId && item.clientId === record.clientId) items.push(item);
      }
      return items;
    },
    put,
    async delete(clientId) {
      await run(await connection(), ITEMS, 'readwrite', (store) => store.delete(clientId));
    },
    async putPhoto(ownerId, photoId, file) {
      const sealed = await sealBytes(await keyFor(ownerId), await file.arrayBuffer(), photoContext(ownerId, photoId));
      const record: PhotoRecord = { photoId, ownerId, type: file.type, ...sealed };
      await run(await connection(), PHOTOS, 'readwrite', (store) => store.put(record));
    },
    async photo(ownerId, photoId) {
      const record = await run<PhotoRecord | undefined>(await connection(), PHOTOS, 'readonly', (store) =>
        store.get(photoId),
      );
      if (!record || record.ownerId !== ownerId) return undefined;
      const bytes = await openBytes(await keyFor(ownerId), record, photoContext(ownerId, photoId));
      return new Blob([bytes], { type: record.type });
    },
    async deletePhoto(photoId) {
      await run(await connection(), PHOTOS, 'readwrite', (store) => store.delete(photoId));
    },
    async claimLegacy(ownerId) {
      const database = await connection();
      const legacy = await run<Omit<OutboxItem, 'ownerId'>[]>(database, LEGACY, 'readonly', (store) => store.getAll());
      for (const item of legacy) {
        await put({ ...item, ownerId });
        await run(database, LEGACY, 'readwrite', (store) => store.delete(item.clientId));
      }
      return legacy.length;
    },
  };
}
