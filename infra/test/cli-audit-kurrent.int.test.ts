import { randomUUID } from 'node:crypto';
import { createKurrentEventStore } from '@siks/eventstore';
import { containerRuntimeUnavailable, startKurrentDbContainer, type RunningContainer } from '@siks/testing/containers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kurrentStoreToVerify } from '../src/cli/audit-kurrent.ts';
import { ExitCode, runCli, type CliIo } from '../src/index.ts';

/**
 * `siks audit verify` on a KurrentDB event store. Choosing the store and an unreachable server
 * run everywhere; walking real chains needs KURRENTDB_URL or a Docker engine (testcontainers)
 * and has not run on the machines this project was built on.
 */
async function siks(argv: string[], env: CliIo['env'] = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (text) => (out += text), err: (text) => (err += text), env });
  return { code, out, err };
}

describe('siks audit verify: which event store', () => {
  it('takes --eventstore-url, else EVENTSTORE_URL, and only when it names KurrentDB', () => {
    expect(kurrentStoreToVerify('kurrentdb://k:2113?tls=false', {})).toBe('kurrentdb://k:2113?tls=false');
    expect(kurrentStoreToVerify(undefined, { EVENTSTORE_URL: 'esdb://k:2113' })).toBe('esdb://k:2113');
    expect(kurrentStoreToVerify(undefined, { EVENTSTORE_URL: 'postgres://p/eventstore' })).toBeUndefined();
    expect(kurrentStoreToVerify(undefined, {})).toBeUndefined();
  });

  it('exits 3 naming the server (never its password) when KurrentDB cannot be reached', async () => {
    const result = await siks([
      'audit',
      'verify',
      '--eventstore-url',
      'kurrentdb://admin:secret-pw@127.0.0.1:1?tls=false&maxDiscoverAttempts=1&defaultDeadline=3000',
    ]);
    expect(result.code).toBe(ExitCode.unavailable);
    expect(result.err).toContain('cannot read the KurrentDB event store kurrentdb://admin:***@127.0.0.1:1');
    expect(result.err + result.out).not.toContain('secret-pw');
  });
});

const fromEnv = process.env['KURRENTDB_URL'];
const unavailable = fromEnv ? undefined : await containerRuntimeUnavailable();
describe.skipIf(unavailable)(
  `siks audit verify on KurrentDB${unavailable ? ` (skipped: KURRENTDB_URL not set and ${unavailable})` : ''}`,
  () => {
    let server: RunningContainer | undefined;
    let url = fromEnv ?? '';
    beforeAll(async () => {
      if (fromEnv) return;
      const container = await startKurrentDbContainer();
      server = container;
      url = container.url;
    }, 180_000);
    afterAll(async () => {
      await server?.stop();
    });

    it('reports the chains intact after appends', async () => {
      const store = createKurrentEventStore({ url });
      try {
        const event = {
          eventId: randomUUID(),
          type: 'ProposalDrafted',
          schemaVersion: 1,
          data: { note: 'é' },
          metadata: {
            actor: { userId: 'u1', role: 'operator_desa' as const, regionCode: '52.02.01.2001' },
            channel: 'operator' as const,
            occurredAt: '2026-01-15T08:00:00.000Z',
            correlationId: 'c1',
            causationId: null,
          },
        };
        await store.append(`proposal-${randomUUID()}`, [event], 'no_stream');
      } finally {
        await store.close();
      }
      const result = await siks(['audit', 'verify'], { EVENTSTORE_URL: url });
      expect(result.out).toMatch(/^hash chains intact: \d+ streams, \d+ events\n$/);
      expect(result.code).toBe(ExitCode.ok);
    });
  },
);
