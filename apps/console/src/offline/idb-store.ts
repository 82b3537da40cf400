import type { OutboxItem, OutboxStore } from './outbox.ts';

const DB_NAME = 'siks-console';
const STORE = 'outbox';

function open(factory: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(STORE))
        request.result.createObjectStore(STORE, { keyPath: 'clientId' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function run<T>(db: IDBDatabase, mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(STORE, mode);
    const request = act(transaction.objectStore(STORE));
    transaction.oncomplete = () => resolve(request.result as T);
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
}

/** The outbox kept in IndexedDB (survives reloads and closing the browser). */
export function indexedDbOutboxStore(factory: IDBFactory): OutboxStore {
  let db: Promise<IDBDatabase> | undefined;
  const connection = (): Promise<IDBDatabase> => (db ??= open(factory));
  return {
    all: async () => run<OutboxItem[]>(await connection(), 'readonly', (store) => store.getAll()),
    put: async (item) => {
      await run(await connection(), 'readwrite', (store) => store.put(item));
    },
    delete: async (clientId) => {
      await run(await connection(), 'readwrite', (store) => store.delete(clientId));
    },
  };
}
