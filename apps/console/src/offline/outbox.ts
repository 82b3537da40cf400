/**
 * The offline outbox: proposals made without a connection wait here (IndexedDB in the browser,
 * any `OutboxStore` in tests) and go out as one field batch (`POST /v1/intake/field-batches`).
 * Each record keeps the client id it got when it was saved, so sending the same batch again
 * after a lost answer creates nothing twice (the intake service derives the proposal id from it).
 */

export interface OutboxError {
  path: string;
  message: string;
}

export interface OutboxItem {
  clientId: string;
  /** When it was saved on the device (ISO 8601). */
  createdAt: string;
  submit: boolean;
  /** The proposal content (`{type, household, …}`), as `POST /v1/intake/proposals` takes it. */
  proposal: unknown;
  /** `pending` waits to be sent; `rejected` was refused by the server and needs a person. */
  state: 'pending' | 'rejected';
  attempts: number;
  errors?: OutboxError[];
  /** Set once accepted (the item is then removed; kept here for the caller's report). */
  proposalId?: string;
}

export interface OutboxStore {
  all(): Promise<OutboxItem[]>;
  put(item: OutboxItem): Promise<void>;
  delete(clientId: string): Promise<void>;
}

/** One record's answer of a field batch (intake's field-batch route). */
export type BatchRecordResult =
  | { index: number; clientId: string; status: 'accepted'; proposalId: string; proposalStatus?: string }
  | {
      index: number;
      clientId?: string;
      status: 'rejected';
      errors: { path: string; code?: string; message: string }[];
    };

export interface BatchAnswer {
  accepted: number;
  rejected: number;
  results: BatchRecordResult[];
}

export interface BatchRequest {
  deviceId: string;
  records: { clientId: string; capturedAt: string; submit: boolean; proposal: unknown }[];
}

export interface OutboxDeps {
  store: OutboxStore;
  /** Sends one batch; throws when there is no answer (offline) or the server failed. */
  send: (batch: BatchRequest) => Promise<BatchAnswer>;
  deviceId: string;
  now: () => Date;
  newClientId: () => string;
  /** Called after every change of the stored items. */
  onChange?: (items: readonly OutboxItem[]) => void;
}

export interface FlushOutcome {
  sent: number;
  accepted: OutboxItem[];
  rejected: OutboxItem[];
  /** Set when the batch got no usable answer; every item stays pending. */
  error?: unknown;
}

export interface Outbox {
  /** Keeps a proposal for later; answers the stored item (with its stable client id). */
  add(proposal: unknown, submit: boolean): Promise<OutboxItem>;
  /** Sends every pending item (at most `FIELD_BATCH_MAX` per call); one flush at a time. */
  flush(): Promise<FlushOutcome>;
  items(): Promise<OutboxItem[]>;
  discard(clientId: string): Promise<void>;
}

/** The intake service's limit of records per field batch. */
export const FIELD_BATCH_MAX = 500;

export function createOutbox(deps: OutboxDeps): Outbox {
  let flushing: Promise<FlushOutcome> | undefined;

  const changed = async (): Promise<void> => {
    if (deps.onChange) deps.onChange(await deps.store.all());
  };

  async function flushOnce(): Promise<FlushOutcome> {
    const pending = (await deps.store.all())
      .filter((item) => item.state === 'pending')
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0))
      .slice(0, FIELD_BATCH_MAX);
    if (pending.length === 0) return { sent: 0, accepted: [], rejected: [] };
    const batch: BatchRequest = {
      deviceId: deps.deviceId,
      records: pending.map((item) => ({
        clientId: item.clientId,
        capturedAt: item.createdAt,
        submit: item.submit,
        proposal: item.proposal,
      })),
    };
    let answer: BatchAnswer;
    try {
      answer = await deps.send(batch);
    } catch (error) {
      for (const item of pending) await deps.store.put({ ...item, attempts: item.attempts + 1 });
      await changed();
      return { sent: pending.length, accepted: [], rejected: [], error };
    }
    const accepted: OutboxItem[] = [];
    const rejected: OutboxItem[] = [];
    for (const [index, item] of pending.entries()) {
      const result =
        answer.results.find((candidate) => candidate.clientId === item.clientId) ??
        answer.results.find((candidate) => candidate.index === index);
      if (!result) {
        // No answer for this record: it stays pending and goes out again with the same id.
        await deps.store.put({ ...item, attempts: item.attempts + 1 });
        continue;
      }
      if (result.status === 'accepted') {
        await deps.store.delete(item.clientId);
        accepted.push({ ...item, proposalId: result.proposalId });
      } else {
        const errors = result.errors.map((error) => ({
          path: error.path.replace(/^records\.\d+\./, ''),
          message: error.message,
        }));
        const kept: OutboxItem = { ...item, state: 'rejected', attempts: item.attempts + 1, errors };
        await deps.store.put(kept);
        rejected.push(kept);
      }
    }
    await changed();
    return { sent: pending.length, accepted, rejected };
  }

  return {
    async add(proposal, submit) {
      const item: OutboxItem = {
        clientId: deps.newClientId(),
        createdAt: deps.now().toISOString(),
        submit,
        proposal,
        state: 'pending',
        attempts: 0,
      };
      await deps.store.put(item);
      await changed();
      return item;
    },
    flush() {
      flushing ??= flushOnce().finally(() => {
        flushing = undefined;
      });
      return flushing;
    },
    items: () => deps.store.all(),
    async discard(clientId) {
      await deps.store.delete(clientId);
      await changed();
    },
  };
}

/** An `OutboxStore` in memory (tests, and browsers without IndexedDB). */
export function memoryOutboxStore(): OutboxStore {
  const items = new Map<string, OutboxItem>();
  return {
    all: async () => [...items.values()].map((item) => structuredClone(item)),
    put: async (item) => {
      items.set(item.clientId, structuredClone(item));
    },
    delete: async (clientId) => {
      items.delete(clientId);
    },
  };
}

/** Delay before the next automatic retry: 5 s doubling up to 5 min. */
export function retryDelayMs(failures: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, failures), 300_000);
}
