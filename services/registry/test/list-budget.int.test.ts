import { deterministicId, type ContentRecord } from '@siks/contracts';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendProposal,
  approvedProposal,
  household,
  member,
  nik,
  sealHousehold,
  VILLAGE_A,
  VILLAGE_B,
  VILLAGE_OTHER_REGENCY,
} from './fixtures.ts';
import { startHarness, type Harness } from './harness.ts';

const url = await useTestDatabase('registry_list_budget');
let h: Harness;
// Small numbers so the test pages past them: 4 a page, 10 names a day.
beforeAll(async () => {
  h = await startHarness(url, { PERSONAL_READ_PAGE_MAX: '4', PERSONAL_READ_DAILY_BUDGET: '10' });
});
afterAll(() => h.close());

const VILLAGES = [VILLAGE_A, VILLAGE_B, VILLAGE_OTHER_REGENCY];
const HOUSEHOLDS = 18;

async function register(index: number): Promise<void> {
  const village = VILLAGES[index % VILLAGES.length]!;
  const proposalId = deterministicId('budget-test', String(index));
  const members = [member(nik(300 + index), { relationship: 'kepala_keluarga', name: `Kepala ${index}` })];
  const content: ContentRecord = {
    type: 'new_household',
    household: await sealHousehold(h.platform.keyring, proposalId, household(village, members)),
  };
  await appendProposal(
    h.platform.store,
    approvedProposal({ proposalId, type: 'new_household', regionCode: village, content }),
  );
  expect((await h.applied(proposalId)).outcome).toBe('applied');
}

describe('the household list’s caps', () => {
  it('lets a province admin page through at most a day’s budget of heads’ names, then answers 429', async () => {
    for (let index = 0; index < HOUSEHOLDS; index++) await register(index);
    await h.readModelCaughtUp();
    const auth = { authorization: `Bearer ${await h.token('admin_provinsi', '52', 'adm-52')}` };
    const names = new Set<string>();
    let cursor: string | undefined;
    let refused;
    for (let page = 0; page < HOUSEHOLDS; page++) {
      const response = await h.app.inject({
        url: `/v1/registry/households?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
        headers: auth,
      });
      if (response.statusCode === 429) {
        refused = response;
        break;
      }
      expect(response.statusCode).toBe(200);
      const body = response.json<{ items: { head?: { name?: string } }[]; nextCursor?: string }>();
      expect(body.items.length).toBeLessThanOrEqual(4);
      for (const item of body.items) if (item.head?.name) names.add(item.head.name);
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    // Pages of 4 against a budget of 10: three pages (the third crosses it), then refused.
    expect(names.size).toBe(12);
    expect(names.size).toBeLessThan(HOUSEHOLDS);
    expect(refused?.statusCode).toBe(429);
    expect(refused?.json()).toMatchObject({ title: 'Batas baca data pribadi harian tercapai', limit: 10 });
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThan(0);
    const english = await h.app.inject({
      url: '/v1/registry/households',
      headers: { ...auth, 'accept-language': 'en' },
    });
    expect(english.json().title).toBe('Daily personal-data read limit reached');

    // Another reader has a budget of their own; every page shown was recorded.
    const other = await h.app.inject({
      url: '/v1/registry/households',
      headers: { authorization: `Bearer ${await h.token('admin_provinsi', '52', 'adm-52-b')}` },
    });
    expect(other.statusCode).toBe(200);
    const reads = await h.platform.store.readAll({ streamPrefixes: ['reads-registry-'] });
    expect(
      reads.filter((event) => event.metadata.actor.userId === 'adm-52').map((event) => event.data['rowsToday']),
    ).toEqual([4, 8, 12]);
  });
});
