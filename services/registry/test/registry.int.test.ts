import { deterministicId, Topics, type ContentRecord } from '@siks/contracts';
import { relayMessage } from '@siks/bus';
import { withTransaction } from '@siks/pg';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessStream } from '../src/access/record.ts';
import { createProposalBatchHandler } from '../src/applying/handle-batch.ts';
import { resetReadModel, startReadModel } from '../src/read-model/project.ts';
import {
  appendProposal,
  approvedProposal,
  household,
  kkOf,
  member,
  nik,
  sealHousehold,
  sealMember,
  VILLAGE_A,
  VILLAGE_B,
  VILLAGE_OTHER_REGENCY,
} from './fixtures.ts';
import { eventually, startHarness, type Harness } from './harness.ts';

const url = await useTestDatabase('registry');
let h: Harness;
beforeAll(async () => {
  h = await startHarness(url);
});
afterAll(() => h.close());

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const operatorA = () => h.token('operator_desa', VILLAGE_A);

/** Registers a new household in `village` through an approved proposal; returns its id. */
async function registerHousehold(village: string, serials: number[], kk?: string): Promise<string> {
  const proposalId = deterministicId('test', `${village}:${serials.join(',')}`);
  const members = serials.map((serial, i) =>
    member(nik(serial), { relationship: i === 0 ? 'kepala_keluarga' : 'anak', name: `Warga ${serial}` }),
  );
  const content: ContentRecord = {
    type: 'new_household',
    household: await sealHousehold(
      h.platform.keyring,
      proposalId,
      household(village, members, kk !== undefined ? { kkNumber: kk } : {}),
    ),
  };
  const script = approvedProposal({ proposalId, type: 'new_household', regionCode: village, content });
  await appendProposal(h.platform.store, script);
  const outcome = await h.applied(proposalId);
  expect(outcome.outcome).toBe('applied');
  return deterministicId(proposalId, 'household');
}

async function approve(
  type: Parameters<typeof approvedProposal>[0]['type'],
  regionCode: string,
  content: ContentRecord,
) {
  const script = approvedProposal({ type, regionCode, content });
  await appendProposal(h.platform.store, script);
  return {
    proposalId: script.proposalId,
    approvalId: script.events.at(-1)!.eventId,
    ...(await h.applied(script.proposalId)),
  };
}

async function getHousehold(id: string, token: string, query = '') {
  return h.app.inject({ url: `/v1/registry/households/${id}${query}`, headers: auth(token) });
}

describe('applying approved proposals', () => {
  it('registers a new household with its members; personal data opened for the operator in scope', async () => {
    const id = await registerHousehold(VILLAGE_A, [1, 2]);
    const response = await getHousehold(id, await operatorA());
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      householdId: id,
      regionCode: VILLAGE_A,
      status: 'active',
      kkNumber: kkOf(nik(1)),
      address: { street: 'Jl. Gajah Mada 7' },
      programmes: ['PKH'],
      revision: 0,
    });
    expect(body.members.map((m: { nik: string }) => m.nik)).toEqual([nik(1), nik(2)]);
    const [event] = await h.platform.store.readStream(`household-${id}`);
    expect(event).toMatchObject({
      type: 'HouseholdRegistered',
      data: { householdId: id, regionCode: VILLAGE_A },
      metadata: { actor: { role: 'admin_kabkota' }, channel: 'operator', reason: 'disahkan' },
    });
    expect(JSON.stringify(event)).not.toContain(nik(1)); // sealed as intake sealed it
  });

  it('takes the latest amended content', async () => {
    const proposalId = deterministicId('test', 'amended');
    const first = household(VILLAGE_A, [member(nik(3), { relationship: 'kepala_keluarga' })]);
    const content: ContentRecord = {
      type: 'new_household',
      household: await sealHousehold(h.platform.keyring, proposalId, first),
    };
    const amendedContent: ContentRecord = {
      type: 'new_household',
      household: await sealHousehold(h.platform.keyring, proposalId, { ...first, programmes: ['PKH', 'BPNT'] }),
    };
    await appendProposal(
      h.platform.store,
      approvedProposal({ proposalId, type: 'new_household', regionCode: VILLAGE_A, content, amendedContent }),
    );
    await h.applied(proposalId);
    const body = (await getHousehold(deterministicId(proposalId, 'household'), await operatorA())).json();
    expect(body.programmes).toEqual(['PKH', 'BPNT']);
  });

  it('updates changed fields, adds and removes members, deactivates and reactivates', async () => {
    const id = await registerHousehold(VILLAGE_A, [10, 11]);
    const keyring = h.platform.keyring;

    const updateId = deterministicId('test', 'update-10');
    const changed = household(
      VILLAGE_A,
      [
        member(nik(10), { relationship: 'kepala_keluarga', name: 'Warga 10' }),
        member(nik(11), { name: 'Warga 11', education: 'smp' }),
      ],
      { address: { street: 'Jl. Baru 1', rt: '003', rw: '001' } },
    );
    changed.housing = { ...changed.housing!, floorType: 'semen' };
    const update = await approve('update', VILLAGE_A, {
      type: 'update',
      householdId: id,
      regionCode: VILLAGE_A,
      household: await sealHousehold(keyring, updateId, changed),
    });
    expect(update.outcome).toBe('applied');
    const [, updated] = await h.platform.store.readStream(`household-${id}`);
    const paths = (updated!.data as { changes: { path: string }[] }).changes.map((c) => c.path);
    const index11 = keyring.blindIndex('nik', nik(11));
    expect(paths).toEqual(expect.arrayContaining(['personal', 'housing.floorType', `members.${index11}.education`]));
    expect(paths).not.toContain('programmes');
    expect((updated!.data as { changes: { path: string; from?: unknown; to?: unknown }[] }).changes).toContainEqual({
      path: 'housing.floorType',
      from: 'tanah',
      to: 'semen',
    });

    const added = await approve('add_member', VILLAGE_A, {
      type: 'add_member',
      householdId: id,
      regionCode: VILLAGE_A,
      members: [await sealMember(keyring, member(nik(12), { name: 'Warga 12' }))],
    });
    expect(added.outcome).toBe('applied');
    const removed = await approve('remove_member', VILLAGE_A, {
      type: 'remove_member',
      householdId: id,
      regionCode: VILLAGE_A,
      members: [
        {
          reason: 'pindah',
          nikIndex: index11,
          personal: await keyring.seal(`person:${index11}`, { nik: nik(11), name: 'Warga 11' }),
        },
      ],
    });
    expect(removed.outcome).toBe('applied');
    let body = (await getHousehold(id, await operatorA())).json();
    expect(body.members.map((m: { nik: string }) => m.nik)).toEqual([nik(10), nik(12)]);
    expect(body.address.street).toBe('Jl. Baru 1');
    expect(body.housing.floorType).toBe('semen');

    const deactivated = await approve('deactivate', VILLAGE_A, {
      type: 'deactivate',
      householdId: id,
      regionCode: VILLAGE_A,
      reason: 'mampu',
      effectiveDate: '2025-06-01',
    });
    expect(deactivated.outcome).toBe('applied');
    body = (await getHousehold(id, await operatorA())).json();
    expect(body).toMatchObject({ status: 'inactive', deactivation: { reason: 'mampu', date: '2025-06-01' } });

    const reactivated = await approve('reactivate', VILLAGE_A, {
      type: 'reactivate',
      householdId: id,
      regionCode: VILLAGE_A,
      personal: await keyring.seal(`proposal:${updateId}`, { note: 'kembali miskin' }),
    });
    expect(reactivated.outcome).toBe('applied');
    body = (await getHousehold(id, await operatorA())).json();
    expect(body.status).toBe('active');
    expect(body.deactivation).toBeUndefined();

    const history = await h.app.inject({
      url: `/v1/registry/households/${id}/history`,
      headers: auth(await operatorA()),
    });
    expect(history.statusCode).toBe(200);
    const items = history.json().items as {
      type: string;
      proposalId: string;
      actor: { userId: string };
      causationId: string;
    }[];
    expect(items.map((item) => item.type)).toEqual([
      'HouseholdRegistered',
      'HouseholdUpdated',
      'MemberAdded',
      'MemberRemoved',
      'HouseholdDeactivated',
      'HouseholdReactivated',
    ]);
    expect(items[1]).toMatchObject({
      proposalId: update.proposalId,
      causationId: update.approvalId,
      actor: { userId: 'admin-5202' },
    });
    // Opened for a reader with full access: the removed member's sealed block shows the person.
    expect(JSON.stringify(items[3])).toContain(nik(11));
  });

  it('splits a household (pecah KK): the new one registered, the moved members gone from the old', async () => {
    const id = await registerHousehold(VILLAGE_A, [20, 21, 22]);
    const proposalId = deterministicId('test', 'split-20');
    const newPart = household(VILLAGE_A, [
      member(nik(21), { relationship: 'kepala_keluarga', name: 'Warga 21' }),
      member(nik(22), { relationship: 'istri_suami', name: 'Warga 22', sex: 'female' }),
    ]);
    const script = approvedProposal({
      proposalId,
      type: 'split_household',
      regionCode: VILLAGE_A,
      content: {
        type: 'split_household',
        householdId: id,
        household: await sealHousehold(h.platform.keyring, proposalId, newPart),
      },
    });
    await appendProposal(h.platform.store, script);
    expect((await h.applied(proposalId)).outcome).toBe('applied');
    const newId = deterministicId(proposalId, 'household');
    const source = (await getHousehold(id, await operatorA())).json();
    const split = (await getHousehold(newId, await operatorA())).json();
    expect(source.members.map((m: { nik: string }) => m.nik)).toEqual([nik(20)]);
    expect(source.splits).toEqual([newId]);
    expect(split).toMatchObject({ splitFrom: id, status: 'active' });
    expect(split.members.map((m: { nik: string }) => m.nik)).toEqual([nik(21), nik(22)]);
  });

  it('deactivates a household found by a person (adminduk) and corrects a NIK found by the old NIK', async () => {
    const keyring = h.platform.keyring;
    const dead = await registerHousehold(VILLAGE_B, [30]);
    await h.readModelCaughtUp();
    const index30 = keyring.blindIndex('nik', nik(30));
    const deactivated = await approve('deactivate', VILLAGE_B, {
      type: 'deactivate',
      regionCode: VILLAGE_B,
      reason: 'meninggal',
      person: {
        nikIndex: index30,
        personal: await keyring.seal(`person:${index30}`, { nik: nik(30), name: 'Warga 30' }),
      },
    });
    expect(deactivated).toMatchObject({ outcome: 'applied', household_ids: [dead] });

    const corrected = await registerHousehold(VILLAGE_B, [31, 32]);
    await h.readModelCaughtUp();
    const proposalId = deterministicId('test', 'correction');
    const oldIndex = keyring.blindIndex('nik', nik(32));
    const newNik = nik(33);
    const result = await approve('update', VILLAGE_B, {
      type: 'update',
      regionCode: VILLAGE_B,
      nikCorrections: [
        {
          oldNikIndex: oldIndex,
          newNikIndex: keyring.blindIndex('nik', newNik),
          personal: await keyring.seal(`proposal:${proposalId}`, { oldNik: nik(32), newNik, name: 'Warga 32' }),
        },
      ],
    });
    expect(result).toMatchObject({ outcome: 'applied', household_ids: [corrected] });
    const body = (await getHousehold(corrected, await h.token('operator_desa', VILLAGE_B))).json();
    expect(body.members.map((m: { nik: string }) => m.nik)).toEqual([nik(31), newNik]);
  });

  it('finds a person or KK only in the proposal’s own village: another village’s household is untouched', async () => {
    const keyring = h.platform.keyring;
    const elsewhere = await registerHousehold(VILLAGE_B, [35]);
    await h.readModelCaughtUp();
    const index35 = keyring.blindIndex('nik', nik(35));
    const byPerson = await approve('deactivate', VILLAGE_A, {
      type: 'deactivate',
      regionCode: VILLAGE_A,
      reason: 'meninggal',
      person: {
        nikIndex: index35,
        personal: await keyring.seal(`person:${index35}`, { nik: nik(35), name: 'Warga 35' }),
      },
    });
    expect(byPerson).toMatchObject({ outcome: 'not_applied', rule: 'household_not_found' });
    const stored = (await getHousehold(elsewhere, await h.token('operator_desa', VILLAGE_B))).json();
    expect(stored.status).toBe('active');
  });

  it('records a proposal a rule refuses as not applied, and changes nothing', async () => {
    const id = await registerHousehold(VILLAGE_A, [40]);
    const result = await approve('add_member', VILLAGE_A, {
      type: 'add_member',
      householdId: id,
      regionCode: VILLAGE_A,
      members: [await sealMember(h.platform.keyring, member(nik(40)))],
    });
    expect(result).toMatchObject({ outcome: 'not_applied', rule: 'member_already_present' });
    expect(await h.platform.store.streamRevision(`household-${id}`)).toBe(0);
  });
});

describe('the past, exactly', () => {
  it('asOf returns the household exactly as it stood, after later changes', async () => {
    const id = await registerHousehold(VILLAGE_A, [50, 51]);
    const token = await operatorA();
    const before = (await getHousehold(id, token)).json();
    const [registered] = await h.platform.store.readStream(`household-${id}`);
    await approve('add_member', VILLAGE_A, {
      type: 'add_member',
      householdId: id,
      regionCode: VILLAGE_A,
      members: [await sealMember(h.platform.keyring, member(nik(52)))],
    });
    await approve('deactivate', VILLAGE_A, {
      type: 'deactivate',
      householdId: id,
      regionCode: VILLAGE_A,
      reason: 'pindah',
    });
    expect((await getHousehold(id, token)).json()).toMatchObject({ status: 'inactive', revision: 2 });

    const asOf = registered!.recordedAt;
    const past = await getHousehold(id, token, `?asOf=${encodeURIComponent(asOf)}`);
    expect(past.statusCode).toBe(200);
    expect(past.json()).toEqual({ ...before, asOf });
    // Before the household existed: nothing.
    const earlier = new Date(Date.parse(asOf) - 1000).toISOString();
    expect((await getHousehold(id, token, `?asOf=${earlier}`)).statusCode).toBe(404);
  });

  it('a cut-off lists the regency’s households as they stood at its log position, whatever changed later', async () => {
    const admin = await h.token('admin_kabkota', '52.02');
    const kept = await registerHousehold(VILLAGE_A, [60]);
    const changedLater = await registerHousehold(VILLAGE_B, [61, 62]);
    const elsewhere = await registerHousehold(VILLAGE_OTHER_REGENCY, [63]);
    await h.readModelCaughtUp();

    const created = await h.app.inject({
      method: 'POST',
      url: '/v1/registry/cutoffs',
      headers: auth(admin),
      payload: { regencyCode: '52.02', period: '2025-06' },
    });
    expect(created.statusCode).toBe(201);
    const cutoff = created.json();
    expect(cutoff).toMatchObject({ regencyCode: '52.02', period: '2025-06', fixedBy: { role: 'admin_kabkota' } });
    await h.readModelCaughtUp();

    const list = async () => {
      const items: { householdId: string }[] = [];
      let cursor: string | undefined;
      do {
        const page = await h.app.inject({
          url: `/v1/registry/cutoffs/${cutoff.cutoffId}/households?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
          headers: auth(admin),
        });
        expect(page.statusCode).toBe(200);
        items.push(...page.json().items);
        cursor = page.json().nextCursor;
      } while (cursor);
      return items;
    };
    const atCutoff = await list();
    const ids = atCutoff.map((item) => item.householdId);
    expect(ids).toEqual(expect.arrayContaining([kept, changedLater]));
    expect(ids).not.toContain(elsewhere);
    expect(JSON.stringify(atCutoff)).not.toContain(nik(60)); // lists mask NIKs
    expect(JSON.stringify(atCutoff)).toContain('5202••••••••');

    // Later: a change, a deactivation, a new household in the regency.
    await approve('add_member', VILLAGE_B, {
      type: 'add_member',
      householdId: changedLater,
      regionCode: VILLAGE_B,
      members: [await sealMember(h.platform.keyring, member(nik(64)))],
    });
    await approve('deactivate', VILLAGE_A, {
      type: 'deactivate',
      householdId: kept,
      regionCode: VILLAGE_A,
      reason: 'mampu',
    });
    const newcomer = await registerHousehold(VILLAGE_A, [65]);
    await h.readModelCaughtUp();

    expect(await list()).toEqual(atCutoff);
    const now = await h.app.inject({ url: `/v1/registry/households/${kept}`, headers: auth(admin) });
    expect(now.json().status).toBe('inactive');
    expect(ids).not.toContain(newcomer);

    // One cut-off per regency and period; only admin_kabkota of that regency.
    const again = await h.app.inject({
      method: 'POST',
      url: '/v1/registry/cutoffs',
      headers: auth(admin),
      payload: { regencyCode: '52.02', period: '2025-06' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'cutoff_exists', cutoffId: cutoff.cutoffId });
    const verifier = await h.token('verifikator_kabkota', '52.02');
    const otherAdmin = await h.token('admin_kabkota', '52.03');
    const body = { regencyCode: '52.02', period: '2025-07' };
    expect(
      (await h.app.inject({ method: 'POST', url: '/v1/registry/cutoffs', headers: auth(verifier), payload: body }))
        .statusCode,
    ).toBe(403);
    expect(
      (await h.app.inject({ method: 'POST', url: '/v1/registry/cutoffs', headers: auth(otherAdmin), payload: body }))
        .statusCode,
    ).toBe(404);
    expect(
      (await h.app.inject({ url: `/v1/registry/cutoffs/${cutoff.cutoffId}/households`, headers: auth(otherAdmin) }))
        .statusCode,
    ).toBe(404);

    // Past cut-offs are listed for the regency (and for nobody outside it).
    const listed = await h.app.inject({ url: '/v1/registry/cutoffs', headers: auth(verifier) });
    expect(listed.json().items.map((item: { period: string }) => item.period)).toContain('2025-06');
    const otherRegency = await h.app.inject({ url: '/v1/registry/cutoffs', headers: auth(otherAdmin) });
    expect(otherRegency.json().items).toEqual([]);
  });

  it('fixes a cut-off for a finished month only, unless an unfinished one is confirmed; never a future one', async () => {
    const admin = await h.token('admin_kabkota', '52.02');
    const fix = (payload: object) =>
      h.app.inject({ method: 'POST', url: '/v1/registry/cutoffs', headers: auth(admin), payload });
    const wib = new Date(Date.now() + 7 * 3600_000);
    const current = wib.toISOString().slice(0, 7);
    const next = new Date(Date.UTC(wib.getUTCFullYear(), wib.getUTCMonth() + 1, 1)).toISOString().slice(0, 7);
    const unfinished = await fix({ regencyCode: '52.02', period: current });
    expect(unfinished.statusCode).toBe(400);
    expect(unfinished.json().errors).toEqual([
      expect.objectContaining({ path: 'period', code: 'period.unfinished', message: expect.stringContaining(current) }),
    ]);
    expect((await fix({ regencyCode: '52.02', period: next, confirmUnfinished: true })).json().errors).toEqual([
      expect.objectContaining({ path: 'period', code: 'period.future' }),
    ]);
    expect((await fix({ regencyCode: '52.02', period: current, confirmUnfinished: true })).statusCode).toBe(201);
  });
});

describe('lookup and scope', () => {
  it('tells an operator that a NIK is registered, in its area or elsewhere, without saying where; recorded', async () => {
    await registerHousehold(VILLAGE_A, [75]);
    await h.readModelCaughtUp();
    const check = async (region: string, user: string, value: string) =>
      h.app.inject({
        method: 'POST',
        url: '/v1/registry/nik-check',
        headers: auth(await h.token('operator_desa', region, user)),
        payload: { nik: value },
      });
    const here = await check(VILLAGE_A, 'op-check-a', nik(75));
    expect(here.json()).toEqual({ registered: true, inScope: true });
    const there = await check(VILLAGE_B, 'op-check-b', nik(75));
    expect(there.statusCode).toBe(200);
    expect(there.json()).toEqual({ registered: true, inScope: false });
    expect((await check(VILLAGE_B, 'op-check-b', nik(76))).json()).toEqual({ registered: false, inScope: false });
    const [recorded] = await h.platform.store.readStream(accessStream('op-check-b', new Date()));
    expect(recorded).toMatchObject({
      type: 'NikLookedUp',
      data: { found: true, householdIds: [], regionCode: VILLAGE_B },
    });
    expect(JSON.stringify(recorded)).not.toContain(nik(75));
  });

  it('finds the household of a NIK in the body, within scope, and records every lookup', async () => {
    const id = await registerHousehold(VILLAGE_A, [70, 71]);
    await h.readModelCaughtUp();
    const found = await h.app.inject({
      method: 'POST',
      url: '/v1/registry/lookup',
      headers: auth(await h.token('operator_desa', VILLAGE_A, 'op-lookup')),
      payload: { nik: nik(71) },
    });
    expect(found.statusCode).toBe(200);
    expect(found.json()).toMatchObject({ found: true, households: [{ householdId: id }] });

    const outsider = await h.app.inject({
      method: 'POST',
      url: '/v1/registry/lookup',
      headers: auth(await h.token('operator_desa', VILLAGE_B, 'op-outsider')),
      payload: { nik: nik(71) },
    });
    expect(outsider.json()).toEqual({ found: false, households: [] });

    const nikIndex = h.platform.keyring.blindIndex('nik', nik(71));
    const [recorded] = await h.platform.store.readStream(accessStream('op-lookup', new Date()));
    expect(recorded).toMatchObject({
      type: 'NikLookedUp',
      data: { nikIndex, found: true, householdIds: [id], regionCode: VILLAGE_A },
      metadata: { actor: { userId: 'op-lookup', role: 'operator_desa' } },
    });
    const [missed] = await h.platform.store.readStream(accessStream('op-outsider', new Date()));
    // A lookup that showed nothing is filed under the reader's scope.
    expect(missed).toMatchObject({
      type: 'NikLookedUp',
      data: { nikIndex, found: false, householdIds: [], regionCode: VILLAGE_B },
    });
    expect(JSON.stringify([recorded, missed])).not.toContain(nik(71));

    // A regency's reads are filed under the village whose household was shown, not the reader's scope.
    const regency = VILLAGE_A.slice(0, 5);
    const verifikator = await h.token('verifikator_kabkota', regency, 'ver-lookup');
    const byRegency = await h.app.inject({
      method: 'POST',
      url: '/v1/registry/lookup',
      headers: auth(verifikator),
      payload: { nik: nik(71) },
    });
    expect(byRegency.json()).toMatchObject({ found: true, households: [{ householdId: id }] });
    expect((await getHousehold(id, verifikator)).statusCode).toBe(200);
    const history = await h.app.inject({ url: `/v1/registry/households/${id}/history`, headers: auth(verifikator) });
    expect(history.statusCode).toBe(200);
    const reads = await h.platform.store.readStream(accessStream('ver-lookup', new Date()));
    expect(reads.map((read) => [read.type, read.data['regionCode'], read.metadata.actor.regionCode])).toEqual([
      ['NikLookedUp', VILLAGE_A, regency],
      ['HouseholdViewed', VILLAGE_A, regency],
      ['HouseholdViewed', VILLAGE_A, regency],
    ]);

    // The access events reach the registry's topic like the household events.
    const relayed: string[] = [];
    await eventually(async () => {
      const { rows } = await h.platform.pool.query<{ value: string }>(
        `SELECT value FROM bus.messages WHERE topic = $1`,
        [Topics.registryHouseholds],
      );
      relayed.splice(0, relayed.length, ...rows.map((row) => JSON.parse(row.value).eventId as string));
      return relayed.includes(missed!.eventId) ? true : undefined;
    });
  });

  it('answers 404 outside the caller’s scope, masks NIKs for auditors and in lists', async () => {
    const id = await registerHousehold(VILLAGE_A, [80]);
    await h.readModelCaughtUp();
    for (const [role, region] of [
      ['operator_desa', VILLAGE_B],
      ['verifikator_kabkota', '52.03'],
      ['admin_provinsi', '51'],
    ] as const) {
      const token = await h.token(role, region);
      expect((await getHousehold(id, token)).statusCode).toBe(404);
      for (const view of ['history', 'chain'])
        expect(
          (await h.app.inject({ url: `/v1/registry/households/${id}/${view}`, headers: auth(token) })).statusCode,
        ).toBe(404);
    }
    const verifikator = await h.token('verifikator_kabkota', '52.02');
    const chain = await h.app.inject({ url: `/v1/registry/households/${id}/chain`, headers: auth(verifikator) });
    expect(chain.statusCode).toBe(200);
    const [head] = await h.platform.store.readStream(`household-${id}`, { direction: 'backwards', maxCount: 1 });
    expect(chain.json()).toMatchObject({
      streamId: `household-${id}`,
      status: 'verified',
      events: (head?.revision ?? -2) + 1,
      headHash: head?.hash,
    });
    expect((await getHousehold(id, verifikator)).json().members[0].nik).toBe(nik(80));

    const auditor = (await getHousehold(id, await h.token('auditor', '52'))).json();
    expect(auditor.members[0]).toMatchObject({ nik: `5202••••••••${nik(80).slice(12)}`, name: 'Warga 80' });
    expect(auditor.address).toBeUndefined();

    const list = await h.app.inject({
      url: `/v1/registry/households?region=${VILLAGE_A}&limit=200`,
      headers: auth(verifikator),
    });
    expect(list.statusCode).toBe(200);
    const item = list.json().items.find((i: { householdId: string }) => i.householdId === id);
    expect(item).toMatchObject({ status: 'active', memberCount: 1, head: { name: 'Warga 80' } });
    expect(item.head.nik).toBe(`5202••••••••${nik(80).slice(12)}`);
    expect(
      (await h.app.inject({ url: `/v1/registry/households?region=52.03`, headers: auth(verifikator) })).statusCode,
    ).toBe(404);
    const inactive = await h.app.inject({
      url: `/v1/registry/households?status=inactive&limit=200`,
      headers: auth(verifikator),
    });
    expect(inactive.json().items.every((i: { status: string }) => i.status === 'inactive')).toBe(true);
  });
});

describe('idempotence', () => {
  it('a redelivered approval appends nothing, through the bus or past the inbox', async () => {
    const proposalId = deterministicId('test', 'redelivery');
    const content: ContentRecord = {
      type: 'new_household',
      household: await sealHousehold(
        h.platform.keyring,
        proposalId,
        household(VILLAGE_A, [member(nik(90), { relationship: 'kepala_keluarga' })]),
      ),
    };
    const script = approvedProposal({ proposalId, type: 'new_household', regionCode: VILLAGE_A, content });
    await appendProposal(h.platform.store, script);
    await h.applied(proposalId);
    const householdId = deterministicId(proposalId, 'household');
    const recorded = await h.platform.store.readStream(`proposal-${proposalId}`);

    // The bus delivers the same events again.
    await h.platform.bus.publish(
      Topics.intakeProposals,
      recorded.map((event) => relayMessage(event, ['proposal-'])),
    );
    await eventually(async () => {
      const lag = await h.platform.bus.lag('registry.proposals', [Topics.intakeProposals]);
      return lag.every((partition) => partition.lag === 0) ? true : undefined;
    });
    // And the handler itself runs again, as after a crash before the inbox mark committed.
    const handleBatch = createProposalBatchHandler({ store: h.platform.store });
    await withTransaction(h.platform.pool, (client) => handleBatch(recorded, client));
    expect(await h.platform.store.streamRevision(`household-${householdId}`)).toBe(0);
    expect(await h.applied(proposalId)).toMatchObject({ outcome: 'applied', household_ids: [householdId] });
    const { rows } = await h.platform.pool.query(
      'SELECT count(*)::int AS n FROM bus.inbox WHERE consumer = $1 AND event_id = ANY($2::text[])',
      ['registry.proposals', recorded.map((event) => event.eventId)],
    );
    expect(rows[0].n).toBe(recorded.length);
  });
});

describe('read models', () => {
  it('rebuilt from the log, they equal the live ones row for row', async () => {
    await h.readModelCaughtUp();
    await h.workers.stop();
    const snapshot = async () => {
      const tables = {
        households: 'SELECT * FROM registry.households ORDER BY household_id',
        members: 'SELECT * FROM registry.members ORDER BY nik_index, household_id',
        history: 'SELECT * FROM registry.history ORDER BY household_id, revision',
        cutoffs: 'SELECT * FROM registry.cutoffs ORDER BY cutoff_id',
      };
      const result: Record<string, unknown[]> = {};
      for (const [name, sql] of Object.entries(tables)) result[name] = (await h.platform.pool.query(sql)).rows;
      return result;
    };
    const live = await snapshot();
    expect(live['households']!.length).toBeGreaterThan(10);
    expect(live['cutoffs']?.length).toBeGreaterThan(0); // the cut-offs tests above fixed some

    await withTransaction(h.platform.pool, (client) => resetReadModel(client));
    expect((await snapshot())['households']).toEqual([]);
    const rebuild = startReadModel({ store: h.platform.store, pool: h.platform.pool, pollIntervalMs: 50 });
    await rebuild.caughtUp;
    await rebuild.stop();
    expect(await snapshot()).toEqual(live);
  });
});
