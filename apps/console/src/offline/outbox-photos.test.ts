import { describe, expect, it } from 'vitest';
import {
  createOutbox,
  memoryOutboxStore,
  PhotoRefused,
  type BatchAnswer,
  type BatchRequest,
  type OutboxStore,
  type PhotoUpload,
} from './outbox.ts';

const proposal = (street: string) => ({ type: 'new_household', household: { address: { street } } });
const jpeg = (text: string) => new Blob([new TextEncoder().encode(text)], { type: 'image/jpeg' });

/** A fake intake and document service that create once per client id / idempotency key (as the services do). */
function fakeServer() {
  const proposals = new Map<string, string>();
  const documents = new Map<string, PhotoUpload & { bytes: string }>();
  const log: string[] = [];
  return {
    proposals,
    documents,
    log,
    send: async (batch: BatchRequest): Promise<BatchAnswer> => {
      log.push(`batch:${batch.records.map((record) => record.clientId).join(',')}`);
      const results = batch.records.map((record, index) => {
        const proposalId = proposals.get(record.clientId) ?? `proposal-${proposals.size + 1}`;
        proposals.set(record.clientId, proposalId);
        return { index, clientId: record.clientId, status: 'accepted' as const, proposalId };
      });
      return { accepted: results.length, rejected: 0, results };
    },
    upload: async (photo: PhotoUpload): Promise<{ documentId: string }> => {
      log.push(`photo:${photo.proposalId}`);
      if (![...proposals.values()].includes(photo.proposalId)) throw new Error('unknown proposal');
      if (!documents.has(photo.photoId)) documents.set(photo.photoId, { ...photo, bytes: await photo.file.text() });
      return { documentId: `document-${photo.photoId}` };
    },
  };
}

function outboxOf(
  server: Pick<ReturnType<typeof fakeServer>, 'send' | 'upload'>,
  owner: { id: string | undefined },
  store: OutboxStore = memoryOutboxStore(),
) {
  let n = 0;
  return createOutbox({
    store,
    send: server.send,
    upload: server.upload,
    owner: () => owner.id,
    deviceId: 'web-device-1',
    now: () => new Date(Date.UTC(2026, 10, 28, 4, 0, n)),
    newClientId: () => `web-${owner.id ?? 'x'}-${(n += 1)}`,
  });
}

describe('photos in the outbox', () => {
  it('sends the draft first, then its photo for the proposal the server made, and keeps the bytes as they were', async () => {
    const server = fakeServer();
    const outbox = outboxOf(server, { id: 'user-1' });
    const item = await outbox.add(proposal('Jl. A'), true, [
      { file: jpeg('EXIF-with-GPS'), name: 'rumah.jpg', kind: 'foto_rumah' },
    ]);
    expect(item.photos).toHaveLength(1);

    const outcome = await outbox.flush();
    expect(outcome).toMatchObject({ sent: 1, uploaded: 1 });
    expect(server.log).toEqual([`batch:${item.clientId}`, 'photo:proposal-1']);
    const [document] = [...server.documents.values()];
    expect(document).toMatchObject({
      proposalId: 'proposal-1',
      kind: 'foto_rumah',
      name: 'rumah.jpg',
      bytes: 'EXIF-with-GPS',
    });
    expect(await outbox.items()).toEqual([]);
  });

  it('keeps an accepted draft whose photo got no answer, and sends only the photo again, under the same key', async () => {
    const server = fakeServer();
    let photoOnline = false;
    const keys: string[] = [];
    const outbox = outboxOf(
      {
        send: server.send,
        upload: async (photo) => {
          keys.push(photo.photoId);
          const answer = await server.upload(photo); // it arrives; the answer is lost
          if (!photoOnline) throw new TypeError('Failed to fetch');
          return answer;
        },
      },
      { id: 'user-1' },
    );
    await outbox.add(proposal('Jl. A'), false, [{ file: jpeg('x'), name: 'a.jpg', kind: 'foto_rumah' }]);
    const first = await outbox.flush();
    expect(first.error).toBeInstanceOf(TypeError);
    const [waiting] = await outbox.items();
    expect(waiting).toMatchObject({ state: 'pending', proposalId: 'proposal-1', attempts: 1 });

    photoOnline = true;
    const second = await outbox.flush();
    expect(second).toMatchObject({ sent: 0, uploaded: 1 });
    expect(server.log.filter((entry) => entry.startsWith('batch:'))).toHaveLength(1);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(1);
    expect(server.documents.size).toBe(1);
    expect(await outbox.items()).toEqual([]);
  });

  it('marks a photo the server refuses for good, and sends nothing more for it', async () => {
    const server = fakeServer();
    let uploads = 0;
    const outbox = outboxOf(
      {
        send: server.send,
        upload: async () => {
          uploads += 1;
          throw new PhotoRefused('Berkas bukan foto.');
        },
      },
      { id: 'user-1' },
    );
    await outbox.add(proposal('Jl. A'), false, [{ file: jpeg('x'), name: 'a.jpg', kind: 'foto_rumah' }]);
    const outcome = await outbox.flush();
    expect(outcome.rejected).toHaveLength(1);
    const [item] = await outbox.items();
    expect(item).toMatchObject({
      state: 'rejected',
      proposalId: 'proposal-1',
      errors: [{ path: 'photo', message: 'Berkas bukan foto.' }],
    });
    await outbox.flush();
    expect(uploads).toBe(1);
  });
});

describe('the outbox per user', () => {
  it('neither lists nor sends another user’s items, and sends them when their owner is back', async () => {
    const server = fakeServer();
    const store = memoryOutboxStore();
    const who: { id: string | undefined } = { id: 'user-a' };
    const outbox = outboxOf(server, who, store);
    const mine = await outbox.add(proposal('Jl. A'), true, [{ file: jpeg('a'), name: 'a.jpg', kind: 'foto_rumah' }]);

    who.id = undefined; // signed out
    expect(await outbox.items()).toEqual([]);
    expect(await outbox.flush()).toMatchObject({ sent: 0, uploaded: 0 });
    await expect(outbox.add(proposal('Jl. X'), true)).rejects.toThrow(/signed in/);

    who.id = 'user-b'; // another user signs in on this device
    expect(await outbox.items()).toEqual([]);
    expect(await outbox.flush()).toMatchObject({ sent: 0, uploaded: 0 });
    await outbox.discard(mine.clientId); // not theirs: nothing happens
    expect(server.log).toEqual([]);
    expect(await store.photo('user-b', mine.photos?.[0]?.photoId ?? '')).toBeUndefined();

    who.id = 'user-a';
    expect((await outbox.items()).map((item) => item.clientId)).toEqual([mine.clientId]);
    expect(await outbox.flush()).toMatchObject({ sent: 1, uploaded: 1 });
    expect(server.proposals.size).toBe(1);
  });

  it('stops uploading photos when the user changes during a flush', async () => {
    const server = fakeServer();
    const who: { id: string | undefined } = { id: 'user-a' };
    const outbox = outboxOf(
      {
        send: async (batch) => {
          const answer = await server.send(batch);
          who.id = 'user-b'; // signed out and another signed in while the batch was on its way
          return answer;
        },
        upload: server.upload,
      },
      who,
    );
    await outbox.add(proposal('Jl. A'), false, [{ file: jpeg('a'), name: 'a.jpg', kind: 'foto_rumah' }]);
    const outcome = await outbox.flush();
    expect(outcome.uploaded).toBe(0);
    expect(server.documents.size).toBe(0);
    who.id = 'user-a';
    expect(await outbox.flush()).toMatchObject({ sent: 0, uploaded: 1 });
  });
});
