import type { ApiClient } from '../api/client.ts';
import { ApiError, NetworkError, SessionLostError } from '../api/errors.ts';
import { randomId } from '../lib/ids.ts';
import { createStore, type Store } from '../lib/store.ts';
import {
  createOutbox,
  memoryOutboxStore,
  PhotoRefused,
  retryDelayMs,
  type BatchAnswer,
  type Outbox,
  type OutboxItem,
  type OutboxStore,
} from './outbox.ts';
import type { SealedOutboxStore } from './sealed-idb-store.ts';

export interface OutboxRuntime {
  outbox: Outbox;
  /** The signed-in user's items (nobody's: empty). */
  items: Store<readonly OutboxItem[]>;
  online: Store<boolean>;
  /** Sends now (if online and logged in); schedules a retry on failure. */
  flushSoon(): void;
  /** Reloads the list for whoever is signed in now (after a sign-in or sign-out) and sends theirs. */
  refresh(): void;
}

const DEVICE_KEY = 'siks.deviceId';
/** Answers that refuse a photo for good: sending it again would be refused again. */
const REFUSED = new Set([400, 409, 413, 415, 422]);

function deviceId(): string {
  try {
    const known = localStorage.getItem(DEVICE_KEY);
    if (known) return known;
    const made = `web-${randomId()}`;
    localStorage.setItem(DEVICE_KEY, made);
    return made;
  } catch {
    return `web-${randomId()}`;
  }
}

/**
 * IndexedDB sealed per user where the browser can (WebCrypto needs a secure context); else memory
 * only. The sealing code loads on first use, after the form is shown (the slow-3G budget); the
 * service worker keeps its chunk with the rest of the shell.
 */
function browserStore(): SealedOutboxStore | OutboxStore {
  if (typeof indexedDB === 'undefined' || typeof crypto === 'undefined' || !crypto.subtle) return memoryOutboxStore();
  let loaded: Promise<SealedOutboxStore> | undefined;
  const store = (): Promise<SealedOutboxStore> =>
    (loaded ??= import('./sealed-idb-store.ts').then((module) => module.sealedOutboxStore(indexedDB)));
  return {
    all: async (ownerId) => (await store()).all(ownerId),
    put: async (item) => (await store()).put(item),
    delete: async (clientId) => (await store()).delete(clientId),
    putPhoto: async (ownerId, photoId, file) => (await store()).putPhoto(ownerId, photoId, file),
    photo: async (ownerId, photoId) => (await store()).photo(ownerId, photoId),
    deletePhoto: async (photoId) => (await store()).deletePhoto(photoId),
    claimLegacy: async (ownerId) => (await store()).claimLegacy(ownerId),
  };
}

let runtime: OutboxRuntime | undefined;

/**
 * The browser's outbox: IndexedDB store, flushed on start, on the `online` event, after each
 * new item, after a sign-in and on a backing-off timer while items wait. `owner` is the id of
 * the user signed in (or remembered offline); only their items are listed and sent.
 */
export function outboxRuntime(api: ApiClient, canSend: () => boolean, owner: () => string | undefined): OutboxRuntime {
  if (runtime) return runtime;
  const items = createStore<readonly OutboxItem[]>([]);
  const online = createStore<boolean>(navigator.onLine);
  const store = browserStore();
  const outbox = createOutbox({
    store,
    owner,
    deviceId: deviceId(),
    now: () => new Date(),
    newClientId: () => `web-${randomId()}`,
    onChange: (list) => items.set([...list]),
    send: async (batch) => (await api.request<BatchAnswer>('POST', '/v1/intake/field-batches', { json: batch })).data,
    upload: async (photo) => {
      const body = new FormData();
      body.set('kind', photo.kind);
      body.set('proposalId', photo.proposalId);
      body.set('channel', 'field');
      body.set('file', photo.file, photo.name);
      try {
        const { data } = await api.request<{ documentId: string }>('POST', '/v1/documents', {
          body,
          headers: { 'idempotency-key': photo.photoId },
        });
        return data;
      } catch (error) {
        if (error instanceof ApiError && REFUSED.has(error.status))
          throw new PhotoRefused(error.problem?.detail ?? error.message);
        throw error;
      }
    },
  });
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (): void => {
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      flushSoon();
    }, retryDelayMs(failures));
  };
  function flushSoon(): void {
    if (!items.get().some((item) => item.state === 'pending')) return;
    if (!navigator.onLine || !canSend()) return schedule();
    void outbox.flush().then((outcome) => {
      if (outcome.error === undefined) {
        failures = 0;
        if (items.get().some((item) => item.state === 'pending')) flushSoon();
        return;
      }
      if (outcome.error instanceof NetworkError) online.set(false);
      if (outcome.error instanceof SessionLostError) return;
      failures += 1;
      schedule();
    });
  }
  let claimed = false;
  function refresh(): void {
    const who = owner();
    void (async () => {
      // Version 1 kept items unsealed and unowned; the user signed in when this version first
      // runs takes them (they were made on this device before any owner was recorded).
      if (who && !claimed && 'claimLegacy' in store) {
        claimed = true;
        await store.claimLegacy(who).catch(() => 0);
      }
      items.set(await outbox.items());
      flushSoon();
    })();
  }
  window.addEventListener('online', () => {
    online.set(true);
    failures = 0;
    flushSoon();
  });
  window.addEventListener('offline', () => online.set(false));
  runtime = { outbox, items, online, flushSoon, refresh };
  refresh();
  return runtime;
}
