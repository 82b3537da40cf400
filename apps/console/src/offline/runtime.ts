import type { ApiClient } from '../api/client.ts';
import { NetworkError, SessionLostError } from '../api/errors.ts';
import { randomId } from '../lib/ids.ts';
import { createStore, type Store } from '../lib/store.ts';
import { indexedDbOutboxStore } from './idb-store.ts';
import {
  createOutbox,
  memoryOutboxStore,
  retryDelayMs,
  type BatchAnswer,
  type Outbox,
  type OutboxItem,
} from './outbox.ts';

export interface OutboxRuntime {
  outbox: Outbox;
  items: Store<readonly OutboxItem[]>;
  online: Store<boolean>;
  /** Sends now (if online and logged in); schedules a retry on failure. */
  flushSoon(): void;
}

const DEVICE_KEY = 'siks.deviceId';

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

let runtime: OutboxRuntime | undefined;

/**
 * The browser's outbox: IndexedDB store, flushed on start, on the `online` event, after each
 * new item and on a backing-off timer while items wait.
 */
export function outboxRuntime(api: ApiClient, canSend: () => boolean): OutboxRuntime {
  if (runtime) return runtime;
  const items = createStore<readonly OutboxItem[]>([]);
  const online = createStore<boolean>(navigator.onLine);
  const store = typeof indexedDB === 'undefined' ? memoryOutboxStore() : indexedDbOutboxStore(indexedDB);
  const outbox = createOutbox({
    store,
    deviceId: deviceId(),
    now: () => new Date(),
    newClientId: () => `web-${randomId()}`,
    onChange: (list) => items.set([...list]),
    send: async (batch) => (await api.request<BatchAnswer>('POST', '/v1/intake/field-batches', { json: batch })).data,
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
  window.addEventListener('online', () => {
    online.set(true);
    failures = 0;
    flushSoon();
  });
  window.addEventListener('offline', () => online.set(false));
  void outbox.items().then((list) => {
    items.set(list);
    flushSoon();
  });
  runtime = { outbox, items, online, flushSoon };
  return runtime;
}
