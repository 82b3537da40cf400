/**
 * The data of the scope matrix (scope-matrix.int.test.ts): the pipeline flow's proposals of three
 * villages in two regencies, all approved and registered, plus per village what the flow leaves
 * out — a case waiting for approval (Praya, Gerung Utara), a case with a field validation ordered
 * (Leneng), a complaint, a cut-off per regency — and then, read as pusdatin, every id and every
 * personal value of each village, so a test can tell whose data an answer shows.
 */
import { fileURLToPath } from 'node:url';
import type { UserRole } from '@siks/service-kit';
import { generateHouseholds } from '@siks/testing/generate';
import { expect } from 'vitest';
import { toHouseholdData } from './households.ts';
import { call, eventually, uploadForm } from './http.ts';

export const PRAYA = '52.02.01.1001';
export const LENENG = '52.02.01.1002';
export const GERUNG_UTARA = '52.01.01.1001';
export const VILLAGES = [PRAYA, LENENG, GERUNG_UTARA] as const;
export type Village = (typeof VILLAGES)[number];
const regencyOf = (village: string): string => village.slice(0, 5);

type Token = (role: UserRole, region: string, userId?: string) => Promise<string>;

/** What lies in one village. */
export interface VillageData {
  proposals: string[];
  /** A proposal whose case waits for approval (verified), or undefined. */
  pending?: string;
  households: string[];
  documents: string[];
  complaints: string[];
  /** Names, NIKs and KK numbers of the people the village's proposals name. */
  names: string[];
  niks: string[];
  kks: string[];
  /** Ids of the audit events of the village's proposals. */
  events: string[];
  /** Every text of the village's proposals as pusdatin reads them (names, mothers, streets, …). */
  texts: string[];
}

export interface World {
  villages: Record<Village, VillageData>;
  /** Cut-off id per regency (`52.02`, `52.01`). */
  cutoffs: Record<string, string>;
  month: string;
}

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../../services/document/fixtures/${name}`, import.meta.url));

/** A proposal submitted with its evidence; returns its id once its checks ran. */
async function submitted(api: string, token: Token, village: string, seed: string, today: string): Promise<string> {
  const [generated] = generateHouseholds({ seed, count: 1, villages: [village], today });
  const auth = await token('operator_desa', village, `op-${village}`);
  const created = await call<{ proposalId: string }>(`${api}/v1/intake/proposals`, {
    token: auth,
    body: { proposal: { type: 'new_household', household: toHouseholdData(generated!) }, submit: false },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const { proposalId } = created.body;
  for (const [kind, file, type] of [
    ['stpjm', 'document.pdf', 'application/pdf'],
    ['foto_rumah', 'photo-gps.jpg', 'image/jpeg'],
  ] as const) {
    const uploaded = await call(`${api}/v1/documents`, {
      token: auth,
      body: await uploadForm({ kind, proposalId }, { path: fixture(file), type }),
    });
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
  }
  expect((await call(`${api}/v1/intake/proposals/${proposalId}/submit`, { token: auth, body: {} })).status).toBe(200);
  return proposalId;
}

/** The case of `proposalId` once its checks ran with the evidence: etag and failing checks. */
async function checkedCase(api: string, auth: string, proposalId: string) {
  return eventually(async () => {
    const answer = await call<{ status: string; checks: { results: { check: string; result: string }[] } | null }>(
      `${api}/v1/verification/cases/${proposalId}`,
      { token: auth },
    );
    const evidence = answer.body.checks?.results.find((result) => result.check === 'evidence_completeness');
    return answer.status === 200 && answer.body.status === 'checks_done' && evidence?.result === 'pass'
      ? {
          etag: answer.headers.get('etag') ?? '',
          failing: answer.body.checks!.results.filter((r) => r.result === 'fail').map((r) => r.check),
        }
      : undefined;
  }, `checks of ${proposalId}`);
}

/** Adds what the pipeline flow leaves out (see the file's comment). */
export async function seedExtras(api: string, token: Token, today: string): Promise<void> {
  for (const village of [PRAYA, GERUNG_UTARA]) {
    const regency = regencyOf(village);
    const proposalId = await submitted(api, token, village, `matrix-pending-${village}`, today);
    const auth = await token('verifikator_kabkota', regency, `ver-${regency}`);
    const { etag, failing } = await checkedCase(api, auth, proposalId);
    const verified = await call(`${api}/v1/verification/cases/${proposalId}/decisions`, {
      token: auth,
      headers: { 'if-match': etag },
      body:
        failing.length === 0
          ? { decision: 'verify' }
          : { decision: 'verify', overrides: failing, reason: 'Uji matriks' },
    });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
  }
  {
    const proposalId = await submitted(api, token, LENENG, `matrix-field-${LENENG}`, today);
    const auth = await token('verifikator_kabkota', '52.02', 'ver-52.02');
    const { etag } = await checkedCase(api, auth, proposalId);
    const ordered = await call(`${api}/v1/verification/cases/${proposalId}/field-validations`, {
      token: auth,
      headers: { 'if-match': etag },
      body: { instructions: 'Kunjungi rumah keluarga ini dan periksa kondisi atap.' },
    });
    expect(ordered.status, JSON.stringify(ordered.body)).toBeLessThan(300);
  }
  for (const village of VILLAGES) {
    const complaint = await call(`${api}/v1/intake/complaints`, {
      body: {
        regionCode: village,
        category: 'missing_household',
        description: `Keluarga di ${village} belum terdata.`,
      },
    });
    expect(complaint.status, JSON.stringify(complaint.body)).toBe(202);
  }
  for (const regency of ['52.02', '52.01']) {
    const fixed = await call(`${api}/v1/registry/cutoffs`, {
      token: await token('admin_kabkota', regency, `adm-${regency}`),
      body: { regencyCode: regency, period: today.slice(0, 7), confirmUnfinished: true },
    });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(201);
  }
  // 52.02's cut-off goes to the province and is forwarded: its export answers (docs/cutoff-export.md).
  const cutoffs = await call<{ items: { cutoffId: string; regencyCode: string }[] }>(
    `${api}/v1/registry/cutoffs?regencyCode=52.02`,
    { token: await token('admin_kabkota', '52.02', 'adm-52.02'), method: 'GET' },
  );
  const cutoffId = cutoffs.body.items[0]!.cutoffId;
  const sentUp = await call(`${api}/v1/registry/cutoffs/${cutoffId}/submission`, {
    token: await token('admin_kabkota', '52.02', 'adm-52.02'),
    body: {},
  });
  expect(sentUp.status, JSON.stringify(sentUp.body)).toBe(200);
  const forwarded = await call(`${api}/v1/registry/cutoffs/${cutoffId}/review`, {
    token: await token('admin_provinsi', '52', 'prov-52'),
    body: { decision: 'forward' },
  });
  expect(forwarded.status, JSON.stringify(forwarded.body)).toBe(200);
}

interface Person {
  nik?: string;
  name?: string;
}

/** Everything of each village, read as pusdatin (national scope). */
export async function collectWorld(api: string, token: Token, today: string): Promise<World> {
  const auth = await token('pusdatin', '', 'pusdatin-matrix-seed');
  const get = async <T>(path: string): Promise<T> => {
    const answer = await call<T>(`${api}${path}`, { token: auth });
    expect(answer.status, `${path}: ${JSON.stringify(answer.body)}`).toBe(200);
    return answer.body;
  };
  const empty = (): VillageData => ({
    proposals: [],
    households: [],
    documents: [],
    complaints: [],
    names: [],
    niks: [],
    kks: [],
    events: [],
    texts: [],
  });
  const villages = { [PRAYA]: empty(), [LENENG]: empty(), [GERUNG_UTARA]: empty() } as Record<Village, VillageData>;
  const of = (region: string): VillageData => villages[region as Village];

  const proposals = await get<{ items: { proposalId: string; regionCode: string }[] }>(
    '/v1/intake/proposals?limit=100',
  );
  for (const { proposalId, regionCode } of proposals.items) {
    const data = of(regionCode);
    data.proposals.push(proposalId);
    const detail = await get<{ content: { household?: { kkNumber?: string; members: Person[] } } | null }>(
      `/v1/intake/proposals/${proposalId}`,
    );
    data.texts.push(...stringsOf(detail.content));
    const household = detail.content?.household;
    if (household?.kkNumber) data.kks.push(household.kkNumber);
    for (const member of household?.members ?? []) {
      if (member.nik) data.niks.push(member.nik);
      if (member.name) data.names.push(member.name);
    }
    const documents = await get<{ items: { documentId: string }[] }>(`/v1/documents?proposalId=${proposalId}`);
    data.documents.push(...documents.items.map((item) => item.documentId));
    const audit = await get<{ items: { eventId: string }[] }>(`/v1/reports/audit?proposalId=${proposalId}&limit=20`);
    data.events.push(...audit.items.map((item) => item.eventId));
  }
  const pending = await get<{ items: { proposalId: string; regionCode: string }[] }>(
    '/v1/verification/approvals/pending?limit=100',
  );
  for (const item of pending.items) of(item.regionCode).pending = item.proposalId;
  const households = await get<{ items: { householdId: string; regionCode: string }[] }>(
    '/v1/registry/households?limit=100',
  );
  for (const item of households.items) of(item.regionCode).households.push(item.householdId);
  const complaints = await get<{ items: { complaintId: string; regionCode: string }[] }>('/v1/intake/complaints');
  for (const item of complaints.items) of(item.regionCode).complaints.push(item.complaintId);
  const cutoffs = await get<{ items: { cutoffId: string; regencyCode: string }[] }>('/v1/registry/cutoffs');
  return {
    villages,
    cutoffs: Object.fromEntries(cutoffs.items.map((item) => [item.regencyCode, item.cutoffId])),
    month: today.slice(0, 7),
  };
}

/** Every string in a JSON value. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return [];
}
