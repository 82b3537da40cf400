/**
 * The offline outbox: proposals made without a connection wait here (IndexedDB in the browser,
 * encrypted per user; any `OutboxStore` in tests) and go out as one field batch
 * (`POST /v1/intake/field-batches`). Each record keeps the client id it got when it was saved,
 * so sending the same batch again after a lost answer creates nothing twice (the intake service
 * derives the proposal id from it). House photos taken with a draft wait with it and are
 * uploaded only once the draft is accepted, each under its own photo id as `Idempotency-Key`
 * (the document service derives the document id from it), so a retry uploads nothing twice.
 *
 * Every item belongs to the user who saved it (`ownerId`): the outbox lists and sends only the
 * items of the user signed in now, so after a sign-out the next user neither sees nor sends
 * another's drafts; they wait, locked, until their owner signs in again on this device.
 */

export interface OutboxError {
  path: string;
  message: string;
}

/** A photo waiting with its draft; its bytes are kept apart (`OutboxStore.putPhoto`). */
export interface OutboxPhoto {
  /** Client-made; sent as the upload's `Idempotency-Key`. */
  photoId: string;
  kind: 'foto_rumah';
  name: string;
  mediaType: string;
  size: number;
  /** Set once uploaded (the document service's id). */
  documentId?: string;
}

export interface OutboxItem {
  clientId: string;
  /** The user who saved it; only they send it. */
  ownerId: string;
  /** When it was saved on the device (ISO 8601). */
  createdAt: string;
  submit: boolean;
  /** The proposal content (`{type, household, …}`), as `POST /v1/intake/proposals` takes it. */
  proposal: unknown;
  /** `pending` waits to be sent (the draft, or its photos); `rejected` was refused and needs a person. */
  state: 'pending' | 'rejected';
  attempts: number;
  errors?: OutboxError[];
  /** Set once the draft is accepted; the item stays while photos still wait, then goes. */
  proposalId?: string;
  photos?: OutboxPhoto[];
}

/** A photo handed to `add`: the file as picked or taken (its bytes, EXIF geotag included, are kept as they are). */
export interface NewPhoto {
  file: Blob;
  name: string;
  kind: 'foto_rumah';
}

export interface OutboxStore {
  /** The items of one owner (never another's). */
  all(ownerId: string): Promise<OutboxItem[]>;
  put(item: OutboxItem): Promise<void>;
  delete(clientId: string): Promise<void>;
  putPhoto(ownerId: string, photoId: string, file: Blob): Promise<void>;
  photo(ownerId: string, photoId: string): Promise<Blob | undefined>;
  deletePhoto(photoId: string): Promise<void>;
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

export interface PhotoUpload {
  proposalId: string;
  photoId: string;
  kind: string;
  name: string;
  file: Blob;
}

/** Why a photo upload failed: `retry` (no answer, the proposal not yet known, …) or `refused` for good. */
export class PhotoRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PhotoRefused';
  }
}

export interface OutboxDeps {
  store: OutboxStore;
  /** Sends one batch; throws when there is no answer (offline) or the server failed. */
  send: (batch: BatchRequest) => Promise<BatchAnswer>;
  /** Uploads one photo for its proposal; throws `PhotoRefused` when the server refuses the file for good. */
  upload: (photo: PhotoUpload) => Promise<{ documentId: string }>;
  /** The signed-in user's id (undefined: nobody; nothing is listed, kept or sent). */
  owner: () => string | undefined;
  deviceId: string;
  now: () => Date;
  newClientId: () => string;
  /** Called after every change of the stored items (the current owner's). */
  onChange?: (items: readonly OutboxItem[]) => void;
}

export interface FlushOutcome {
  sent: number;
  accepted: OutboxItem[];
  rejected: OutboxItem[];
  /** Photos uploaded in this flush. */
  uploaded: number;
  /** Set when a request got no usable answer; what was not answered stays pending. */
  error?: unknown;
}

export interface Outbox {
  /** Keeps a proposal (and its photos) for later; answers the stored item (with its stable client id). */
  add(proposal: unknown, submit: boolean, photos?: readonly NewPhoto[]): Promise<OutboxItem>;
  /** Sends the owner's pending drafts (at most `FIELD_BATCH_MAX`), then their photos; one flush at a time. */
  flush(): Promise<FlushOutcome>;
  items(): Promise<OutboxItem[]>;
  discard(clientId: string): Promise<void>;
}

/** The intake service's limit of records per field batch. */
export const FIELD_BATCH_MAX = 500;

const byCreation = (a: OutboxItem, b: OutboxItem): number =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0;

const unsentPhotos = (item: OutboxItem): OutboxPhoto[] =>
  (item.photos ?? []).filter((photo) => photo.documentId === undefined);

export function createOutbox(deps: OutboxDeps): Outbox {
  let flushing: Promise<FlushOutcome> | undefined;

  const listOf = async (owner: string | undefined): Promise<OutboxItem[]> =>
    owner ? (await deps.store.all(owner)).filter((item) => item.ownerId === owner) : [];

  const changed = async (): Promise<void> => {
    if (deps.onChange) deps.onChange(await listOf(deps.owner()));
  };

  async function remove(item: OutboxItem): Promise<void> {
    for (const photo of item.photos ?? []) await deps.store.deletePhoto(photo.photoId);
    await deps.store.delete(item.clientId);
  }

  /** Sends the drafts not yet accepted; accepted ones with photos stay, carrying their proposal id. */
  async function sendDrafts(owner: string, outcome: FlushOutcome): Promise<void> {
    const pending = (await listOf(owner))
      .filter((item) => item.state === 'pending' && item.proposalId === undefined)
      .sort(byCreation)
      .slice(0, FIELD_BATCH_MAX);
    if (pending.length === 0) return;
    const batch: BatchRequest = {
      deviceId: deps.deviceId,
      records: pending.map((item) => ({
        clientId: item.clientId,
        capturedAt: item.createdAt,
        submit: item.submit,
        proposal: item.proposal,
      })),
    };
    // Signed out (or another user signed in) while the list was read: send nothing under their token.
    if (deps.owner() !== owner) return;
    outcome.sent = pending.length;
    let answer: BatchAnswer;
    try {
      answer = await deps.send(batch);
    } catch (error) {
      for (const item of pending) await deps.store.put({ ...item, attempts: item.attempts + 1 });
      outcome.error = error;
      return;
    }
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
        const done: OutboxItem = { ...item, proposalId: result.proposalId, attempts: 0 };
        if (unsentPhotos(done).length > 0) await deps.store.put(done);
        else await remove(done);
        outcome.accepted.push(done);
      } else {
        const errors = result.errors.map((error) => ({
          path: error.path.replace(/^records\.\d+\./, ''),
          message: error.message,
        }));
        const kept: OutboxItem = { ...item, state: 'rejected', attempts: item.attempts + 1, errors };
        await deps.store.put(kept);
        outcome.rejected.push(kept);
      }
    }
  }

  /** Uploads the photos of accepted drafts, one at a time, each marked as soon as it is in. */
  async function sendPhotos(owner: string, outcome: FlushOutcome): Promise<void> {
    const waiting = (await listOf(owner))
      .filter((item) => item.state === 'pending' && item.proposalId !== undefined)
      .sort(byCreation);
    for (const start of waiting) {
      let item = start;
      for (const photo of unsentPhotos(item)) {
        // Signed out (or another user signed in) meanwhile: stop before sending under their token.
        if (deps.owner() !== owner) return;
        const file = await deps.store.photo(owner, photo.photoId);
        try {
          if (!file) throw new PhotoRefused('photo missing on this device');
          const { documentId } = await deps.upload({
            proposalId: item.proposalId ?? '',
            photoId: photo.photoId,
            kind: photo.kind,
            name: photo.name,
            file,
          });
          const photos = (item.photos ?? []).map((p) => (p.photoId === photo.photoId ? { ...p, documentId } : p));
          item = { ...item, photos };
          outcome.uploaded += 1;
        } catch (error) {
          if (!(error instanceof PhotoRefused)) {
            await deps.store.put({ ...item, attempts: item.attempts + 1 });
            outcome.error = error;
            return;
          }
          // Refused for good (not a photo, too large): the person sees why and discards it.
          item = {
            ...item,
            state: 'rejected',
            errors: [...(item.errors ?? []), { path: 'photo', message: error.message }],
          };
          await deps.store.put(item);
          outcome.rejected.push(item);
          break;
        }
        await deps.store.put(item);
      }
      if (item.state === 'pending' && unsentPhotos(item).length === 0) await remove(item);
    }
  }

  async function flushOnce(): Promise<FlushOutcome> {
    const outcome: FlushOutcome = { sent: 0, accepted: [], rejected: [], uploaded: 0 };
    const owner = deps.owner();
    if (!owner) return outcome;
    await sendDrafts(owner, outcome);
    // Drafts first: a photo goes out only for a draft the server has accepted.
    if (outcome.error === undefined) await sendPhotos(owner, outcome);
    await changed();
    return outcome;
  }

  return {
    async add(proposal, submit, photos = []) {
      const owner = deps.owner();
      if (!owner) throw new Error('nobody is signed in: nothing can be kept for later');
      const kept: OutboxPhoto[] = [];
      for (const photo of photos) {
        const photoId = deps.newClientId();
        await deps.store.putPhoto(owner, photoId, photo.file);
        kept.push({
          photoId,
          kind: photo.kind,
          name: photo.name,
          mediaType: photo.file.type,
          size: photo.file.size,
        });
      }
      const item: OutboxItem = {
        clientId: deps.newClientId(),
        ownerId: owner,
        createdAt: deps.now().toISOString(),
        submit,
        proposal,
        state: 'pending',
        attempts: 0,
        ...(kept.length > 0 ? { photos: kept } : {}),
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
    items: () => listOf(deps.owner()),
    async discard(clientId) {
      const item = (await listOf(deps.owner())).find((candidate) => candidate.clientId === clientId);
      if (item) await remove(item);
      await changed();
    },
  };
}

/** An `OutboxStore` in memory (tests, and browsers without IndexedDB). */
export function memoryOutboxStore(): OutboxStore {
  const items = new Map<string, OutboxItem>();
  const photos = new Map<string, { ownerId: string; file: Blob }>();
  return {
    all: async (ownerId) =>
      [...items.values()].filter((item) => item.ownerId === ownerId).map((item) => structuredClone(item)),
    put: async (item) => {
      items.set(item.clientId, structuredClone(item));
    },
    delete: async (clientId) => {
      items.delete(clientId);
    },
    putPhoto: async (ownerId, photoId, file) => {
      photos.set(photoId, { ownerId, file });
    },
    photo: async (ownerId, photoId) => {
      const found = photos.get(photoId);
      return found?.ownerId === ownerId ? found.file : undefined;
    },
    deletePhoto: async (photoId) => {
      photos.delete(photoId);
    },
  };
}

/** Delay before the next automatic retry: 5 s doubling up to 5 min. */
export function retryDelayMs(failures: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, failures), 300_000);
}
