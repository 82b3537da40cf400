import { describe, expect, it } from 'vitest';
import {
  createOutbox,
  memoryOutboxStore,
  retryDelayMs,
  type BatchAnswer,
  type BatchRequest,
  type OutboxStore,
  type PhotoUpload,
} from './outbox.ts';

const proposal = (street: string) => ({ type: 'new_household', household: { address: { street } } });

const noUploads = async (): Promise<{ documentId: string }> => {
  throw new Error('no photo expected');
};

function setup(
  send: (batch: BatchRequest) => Promise<BatchAnswer>,
  options: {
    upload?: (photo: PhotoUpload) => Promise<{ documentId: string }>;
    store?: OutboxStore;
    owner?: () => string | undefined;
  } = {},
) {
  const store = options.store ?? memoryOutboxStore();
  let n = 0;
  const changes: number[] = [];
  const outbox = createOutbox({
    store,
    send,
    upload: options.upload ?? noUploads,
    owner: options.owner ?? (() => 'user-1'),
    deviceId: 'web-device-1',
    now: () => new Date(Date.UTC(2026, 10, 28, 4, 0, n)),
    newClientId: () => `web-client-${(n += 1)}`,
    onChange: (items) => changes.push(items.length),
  });
  return { store, outbox, changes };
}

/** A fake intake: accepts every record, creating a proposal once per client id (as the service does). */
function fakeIntake() {
  const created = new Map<string, string>();
  const batches: BatchRequest[] = [];
  const send = async (batch: BatchRequest): Promise<BatchAnswer> => {
    batches.push(structuredClone(batch));
    const results = batch.records.map((record, index) => {
      const proposalId = created.get(record.clientId) ?? `proposal-${created.size + 1}`;
      created.set(record.clientId, proposalId);
      return { index, clientId: record.clientId, status: 'accepted' as const, proposalId };
    });
    return { accepted: results.length, rejected: 0, results };
  };
  return { send, created, batches };
}

describe('outbox', () => {
  it('keeps proposals with stable client ids and sends them as one field batch', async () => {
    const intake = fakeIntake();
    const { outbox, changes } = setup(intake.send);
    const first = await outbox.add(proposal('Jl. A'), true);
    await outbox.add(proposal('Jl. B'), false);
    expect((await outbox.items()).map((item) => item.state)).toEqual(['pending', 'pending']);

    const outcome = await outbox.flush();
    expect(outcome.accepted.map((item) => item.proposalId)).toEqual(['proposal-1', 'proposal-2']);
    expect(await outbox.items()).toEqual([]);
    expect(intake.batches).toHaveLength(1);
    expect(intake.batches[0]?.deviceId).toBe('web-device-1');
    expect(intake.batches[0]?.records[0]).toEqual({
      clientId: first.clientId,
      capturedAt: first.createdAt,
      submit: true,
      proposal: proposal('Jl. A'),
    });
    expect(changes.at(-1)).toBe(0);
  });

  it('keeps every item pending when the batch gets no answer, and resends the same client ids', async () => {
    const intake = fakeIntake();
    let online = false;
    const { outbox } = setup(async (batch) => {
      // The request reaches the server but the answer is lost: the server created the proposals.
      const answer = await intake.send(batch);
      if (!online) throw new TypeError('Failed to fetch');
      return answer;
    });
    await outbox.add(proposal('Jl. A'), true);
    const failed = await outbox.flush();
    expect(failed.error).toBeInstanceOf(TypeError);
    const waiting = await outbox.items();
    expect(waiting.map((item) => [item.state, item.attempts])).toEqual([['pending', 1]]);

    online = true;
    const retried = await outbox.flush();
    expect(retried.accepted).toHaveLength(1);
    expect(intake.batches.map((batch) => batch.records[0]?.clientId)).toEqual([
      waiting[0]?.clientId,
      waiting[0]?.clientId,
    ]);
    expect(intake.created.size).toBe(1);
    expect(await outbox.items()).toEqual([]);
  });

  it('marks refused records for a person and does not send them again', async () => {
    const sent: string[][] = [];
    const { outbox } = setup(async (batch) => {
      sent.push(batch.records.map((record) => record.clientId));
      return {
        accepted: 1,
        rejected: 1,
        results: [
          { index: 0, clientId: batch.records[0]?.clientId ?? '', status: 'accepted', proposalId: 'p-1' },
          {
            index: 1,
            clientId: batch.records[1]?.clientId ?? '',
            status: 'rejected',
            errors: [
              {
                path: 'records.1.proposal.household.members.0.nik',
                code: 'nik.length',
                message: 'NIK harus 16 digit.',
              },
            ],
          },
        ],
      };
    });
    await outbox.add(proposal('ok'), true);
    const bad = await outbox.add(proposal('bad'), true);
    const outcome = await outbox.flush();
    expect(outcome.rejected).toHaveLength(1);
    const left = await outbox.items();
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({
      clientId: bad.clientId,
      state: 'rejected',
      errors: [{ path: 'proposal.household.members.0.nik', message: 'NIK harus 16 digit.' }],
    });
    const again = await outbox.flush();
    expect(again.sent).toBe(0);
    expect(sent).toHaveLength(1);
    await outbox.discard(bad.clientId);
    expect(await outbox.items()).toEqual([]);
  });

  it('runs one flush at a time', async () => {
    let release: () => void = () => undefined;
    let calls = 0;
    const { outbox } = setup(
      (batch) =>
        new Promise((resolve) => {
          calls += 1;
          release = () =>
            resolve({
              accepted: batch.records.length,
              rejected: 0,
              results: batch.records.map((record, index) => ({
                index,
                clientId: record.clientId,
                status: 'accepted' as const,
                proposalId: `p-${index}`,
              })),
            });
        }),
    );
    await outbox.add(proposal('x'), false);
    const a = outbox.flush();
    const b = outbox.flush();
    await new Promise((resolve) => setTimeout(resolve, 0));
    release();
    expect(await a).toBe(await b);
    expect(calls).toBe(1);
  });

  it('backs off from 5 s to at most 5 min', () => {
    expect(retryDelayMs(0)).toBe(5_000);
    expect(retryDelayMs(1)).toBe(10_000);
    expect(retryDelayMs(20)).toBe(300_000);
  });
});
