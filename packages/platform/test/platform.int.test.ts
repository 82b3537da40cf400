import { afterAll, describe, expect, it } from 'vitest';
import { Topics, uuidv7 } from '@siks/contracts';
import { startEventConsumer } from '@siks/bus';
import { useTestDatabase } from '@siks/testing/vitest';
import { createTestPlatform } from '../src/index.ts';

const url = await useTestDatabase('platform');
const platform = await createTestPlatform(url, 'platform-test');
afterAll(() => platform.close());

describe('test platform', () => {
  it('relays an appended event to its topic and a consumer receives it once', async () => {
    const eventId = uuidv7();
    await platform.store.append(
      'proposal-0190a1b2-0000-7000-8000-000000000001',
      [
        {
          eventId,
          type: 'Probe',
          schemaVersion: 1,
          data: { regionCode: '52.02.01.1001' },
          metadata: {
            actor: { userId: 'u1', role: 'operator_desa', regionCode: '52.02.01.1001' },
            channel: 'operator',
            occurredAt: new Date().toISOString(),
            correlationId: eventId,
            causationId: null,
          },
        },
      ],
      'no_stream',
    );
    const relay = platform.startRelay(Topics.intakeProposals, ['proposal-']);
    const received: string[] = [];
    const consumer = await startEventConsumer({
      bus: platform.bus,
      pool: platform.pool,
      name: 'platform.probe',
      topics: [Topics.intakeProposals],
      handle: async (event) => {
        received.push(event.eventId);
      },
    });
    try {
      const until = Date.now() + 15_000;
      while (received.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(received).toEqual([eventId]);
      const sealed = await platform.keyring.seal('person:test', { nik: '5202014101900001' });
      expect(await platform.keyring.open(sealed)).toEqual({ nik: '5202014101900001' });
    } finally {
      await consumer.stop();
      await relay.stop();
    }
  });
});
