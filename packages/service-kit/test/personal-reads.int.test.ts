import { PersonalDataReadData, uuidv7 } from '@siks/contracts';
import {
  auditLogMigrations,
  checkInclusionProof,
  createPostgresEventStore,
  eventstoreMigrations,
  extendTree,
  proveInclusion,
  type EventStore,
} from '@siks/eventstore';
import { createPool, migrate } from '@siks/pg';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createPersonalReadLog, personalReadStream, type PersonalReadLog } from '../src/access/index.ts';
import { mintToken } from '../src/index.ts';
import { testApp, type TestApp } from './helpers.ts';

const url = await useTestDatabase('service_kit_personal_reads');
const pool = createPool({ url, max: 8, applicationName: 'personal-reads-test' });
let store: EventStore;
let clock = new Date('2026-03-10T23:00:00Z');
let log: PersonalReadLog;
let served: TestApp;

const VILLAGE = '52.02.01.1001';
const reader = { userId: 'adm-52', role: 'admin_provinsi' as const, regionCode: '52', name: 'Admin NTB' };
const householdIds = Array.from({ length: 40 }, () => uuidv7());

beforeAll(async () => {
  await migrate(pool, [eventstoreMigrations, auditLogMigrations]);
  store = createPostgresEventStore({ pool, notify: 'off' });
  log = createPersonalReadLog({
    store,
    service: 'registry',
    limits: { pageMax: 3, dailyBudget: 7 },
    now: () => clock,
    newId: () => uuidv7(clock.getTime()),
  });
  // A list route as the services write one: cap, fetch, record, answer.
  served = await testApp((app) => {
    app.get(
      '/people',
      { schema: { querystring: z.object({ after: z.coerce.number().default(0) }) } },
      async (request) => {
        const size = await log.openList(request.actor, 200);
        const page = householdIds.slice(request.query.after, request.query.after + size);
        await log.record(request, {
          purpose: 'registry.households.list',
          subjects: page.map((id) => ({ kind: 'household', id })),
          fields: ['name', 'nik_masked'],
          regions: page.map(() => VILLAGE),
          rows: page.length,
        });
        return { items: page, next: request.query.after + page.length };
      },
    );
  });
});
afterAll(async () => {
  await served.app.close();
  await store.close();
  await pool.end();
});

describe('the record of personal-data reads', () => {
  it('is an event of the log naming who, role, scope, what by id, which fields, why and when; never a value', async () => {
    const subject = uuidv7();
    await log.record(
      { actor: { ...reader, userId: 'op-praya', role: 'operator_desa', regionCode: VILLAGE }, id: 'req-1' },
      {
        purpose: 'registry.household.detail',
        subjects: [
          { kind: 'household', id: subject },
          { kind: 'household', id: subject },
        ],
        fields: ['name', 'nik', 'nik'],
        regions: [VILLAGE],
      },
    );
    const stream = personalReadStream('registry', 'op-praya', clock);
    expect(stream).toMatch(/^reads-registry-2026-03-10-[0-9a-f-]{36}$/);
    expect(stream).not.toContain('op-praya');
    const [event] = await store.readStream(stream);
    expect(event).toMatchObject({
      type: 'PersonalDataRead',
      data: {
        purpose: 'registry.household.detail',
        subjects: [{ kind: 'household', id: subject }],
        fields: ['name', 'nik'],
        regionCode: VILLAGE,
        rows: 0,
        rowsToday: 0,
      },
      metadata: {
        actor: { userId: 'op-praya', role: 'operator_desa', regionCode: VILLAGE },
        correlationId: 'req-1',
        occurredAt: clock.toISOString(),
      },
    });
    expect(PersonalDataReadData.safeParse({ ...event!.data, nik: '5202011203800001' }).success).toBe(false);

    // The Merkle log covers it like any change: an inclusion proof of the read verifies.
    await extendTree(pool);
    const proof = await proveInclusion(pool, { eventId: event!.eventId });
    expect(checkInclusionProof(proof)).toBe(true);
  });

  it('caps a page, then refuses the reader once the day’s rows are spent (429, both languages), and opens again the next day', async () => {
    const token = await mintToken(
      served.keys.privateKey,
      { sub: reader.userId, role: reader.role, region: reader.regionCode, name: reader.name },
      { expiresIn: '1h' },
    );
    const get = (after: number, language = 'id') =>
      served.app.inject({
        url: `/people?after=${after}`,
        headers: { authorization: `Bearer ${token}`, 'accept-language': language },
      });
    const seen: string[] = [];
    let after = 0;
    let refused;
    for (let page = 0; page < 10; page++) {
      const response = await get(after);
      if (response.statusCode === 429) {
        refused = response;
        break;
      }
      expect(response.statusCode).toBe(200);
      const body = response.json<{ items: string[]; next: number }>();
      expect(body.items.length).toBeLessThanOrEqual(3);
      seen.push(...body.items);
      after = body.next;
    }
    // Budget 7, pages of 3: three pages are answered (the third crosses the budget), the fourth is refused.
    expect(seen).toHaveLength(9);
    expect(refused?.headers['content-type']).toContain('application/problem+json');
    expect(refused?.json()).toMatchObject({
      status: 429,
      title: 'Batas baca data pribadi harian tercapai',
      limit: 7,
    });
    expect(refused?.json().detail).toContain('7 baris nama atau NIK');
    expect(Number(refused?.headers['retry-after'])).toBe(3600);
    const english = await get(after, 'en');
    expect(english.statusCode).toBe(429);
    expect(english.json().title).toBe('Daily personal-data read limit reached');

    const stream = personalReadStream('registry', reader.userId, clock);
    const events = await store.readStream(stream);
    expect(events.map((event) => event.data['rowsToday'])).toEqual([3, 6, 9]);

    clock = new Date('2026-03-11T00:00:01Z');
    expect((await get(after)).statusCode).toBe(200);
  });

  it('counts reads made at the same moment once each (appends at the stream’s exact revision)', async () => {
    const actor = { ...reader, userId: 'busy-reader' };
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        log.record(
          { actor, id: `req-${i}` },
          {
            purpose: 'registry.households.list',
            subjects: [{ kind: 'household', id: householdIds[i]! }],
            fields: ['name'],
            regions: [VILLAGE, '52.01.01.1001'],
            rows: 1,
          },
        ),
      ),
    );
    const events = await store.readStream(personalReadStream('registry', actor.userId, clock));
    expect(events.map((event) => event.data['rowsToday'])).toEqual(Array.from({ length: 8 }, (_, i) => i + 1));
    // Villages of two regencies: filed under their nearest common region, the province.
    expect(new Set(events.map((event) => event.data['regionCode']))).toEqual(new Set(['52']));
  });
});
