import { migrate } from '@siks/pg';
import { createTestPlatform } from '@siks/platform';
import { createTokenVerifier, loadConfig } from '@siks/service-kit';
import { useTestDatabase } from '@siks/testing/vitest';
import { loadRegions } from '@siks/wilayah';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/app.ts';
import { configSchema } from '../src/config.ts';
import { migrations } from '../src/migrations.ts';
import { timeseries, type Metric } from '../src/reports/timeseries.ts';
import { startWorkers, type Workers } from '../src/workers.ts';
import { GERUNG, LENENG, playScenario, PRAYA, type Scenario } from './support/scenario.ts';
import { settle, startRelays } from './support/settle.ts';
import { Story } from './support/story.ts';
import { tokenMaker } from './support/tokens.ts';

const url = await useTestDatabase('reporting_reports');
const platform = await createTestPlatform(url, 'reporting-reports');
await migrate(platform.pool, [migrations]);
const tokens = await tokenMaker();
const config = loadConfig(configSchema, {
  DATABASE_URL: url,
  JWT_PUBLIC_KEY: tokens.publicKey,
  LOG_LEVEL: 'silent',
  REPORTS_TIME_ZONE: 'Asia/Makassar', // WITA, Lombok's zone
});
const app = build({
  config,
  pool: platform.pool,
  bus: platform.bus,
  regions: await loadRegions(),
  verifier: await createTokenVerifier({ publicKey: tokens.publicKey }),
  now: () => new Date('2025-06-19T04:00:00Z'),
});
const relays = startRelays(platform);
let workers: Workers;
let s: Scenario;

beforeAll(async () => {
  workers = await startWorkers({ pool: platform.pool, bus: platform.bus, checkIntervalMs: 100 });
  s = await playScenario(new Story(platform));
  await settle(relays, platform.pool, platform.bus);
}, 60_000);

afterAll(async () => {
  await workers?.stop();
  await app.close();
  await platform.close();
});

const as = {
  operatorPraya: () => tokens.token('operator_desa', PRAYA, `op-${PRAYA}`),
  operatorLeneng: () => tokens.token('operator_desa', LENENG),
  verifikatorTengah: () => tokens.token('verifikator_kabkota', '52.02', 'ver-52.02'),
  verifikatorBarat: () => tokens.token('verifikator_kabkota', '52.01', 'ver-52.01'),
  adminTengah: () => tokens.token('admin_kabkota', '52.02'),
  provinsi: () => tokens.token('admin_provinsi', '52'),
  pusdatin: () => tokens.token('pusdatin', ''),
  auditorTengah: () => tokens.token('auditor', '52.02', 'auditor-1'),
};

async function get(path: string, token: Promise<string>, headers: Record<string, string> = {}) {
  return app.inject({ url: path, headers: { authorization: `Bearer ${await token}`, ...headers } });
}

describe('GET /v1/reports/regions/:code/summary', () => {
  it('counts a regency by status, type and channel, broken down by district with names', async () => {
    const response = await get('/v1/reports/regions/52.02/summary', as.verifikatorTengah());
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.region).toEqual({ code: '52.02', name: 'Kabupaten Lombok Tengah', level: 'regency' });
    expect(body.proposals).toMatchObject({
      total: 4,
      applied: 1,
      byStatus: { approved: 1, rejected: 1, withdrawn: 1, submitted: 1, draft: 0, returned: 0 },
      byType: { new_household: 4, deactivate: 0 },
      byChannel: { operator: 2, musdes: 1, field: 1, program: 0 },
    });
    expect(body.households).toEqual({ total: 1, byStatus: { active: 1, inactive: 0 } });
    const praya = body.children.find((child: { code: string }) => child.code === '52.02.01');
    expect(praya).toMatchObject({
      name: 'Praya',
      level: 'district',
      proposals: { total: 4 },
      households: { total: 1 },
    });
    expect(body.children.length).toBeGreaterThan(5);
    expect(body.children.filter((child: { proposals: { total: number } }) => child.proposals.total > 0)).toHaveLength(
      1,
    );
  });

  it('rolls villages up to the district, the province and the country', async () => {
    const district = (await get('/v1/reports/regions/52.02.01/summary', as.adminTengah())).json();
    const villages = Object.fromEntries(
      district.children.map((child: { code: string; proposals: { total: number } }) => [
        child.code,
        child.proposals.total,
      ]),
    );
    expect(villages[PRAYA]).toBe(3);
    expect(villages[LENENG]).toBe(1);

    const province = (await get('/v1/reports/regions/52/summary', as.provinsi())).json();
    expect(province.proposals.total).toBe(6);
    expect(province.proposals.byType).toMatchObject({ new_household: 5, deactivate: 1 });
    expect(province.households).toEqual({ total: 2, byStatus: { active: 1, inactive: 1 } });
    const regencies = Object.fromEntries(
      province.children.map((child: { code: string; proposals: { total: number } }) => [
        child.code,
        child.proposals.total,
      ]),
    );
    expect(regencies).toMatchObject({ '52.01': 2, '52.02': 4, '52.03': 0 });

    const country = (await get('/v1/reports/regions/national/summary', as.pusdatin())).json();
    expect(country.region).toEqual({ code: '', name: 'Indonesia', level: 'national' });
    expect(country.children).toHaveLength(38);
    expect(country.children.find((child: { code: string }) => child.code === '52').proposals.total).toBe(6);
  });

  it('answers a village operator about their own village only (404 elsewhere, unknown codes too)', async () => {
    const own = await get(`/v1/reports/regions/${PRAYA}/summary`, as.operatorPraya());
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ proposals: { total: 3 }, children: [] });
    for (const code of [LENENG, '52.02.01', '52.02', GERUNG, 'national']) {
      const response = await get(`/v1/reports/regions/${code}/summary`, as.operatorPraya());
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    expect((await get('/v1/reports/regions/52.01/summary', as.verifikatorTengah())).statusCode).toBe(404);
    expect((await get('/v1/reports/regions/52/summary', as.verifikatorTengah())).statusCode).toBe(404);
    expect((await get('/v1/reports/regions/52.02.99/summary', as.provinsi())).statusCode).toBe(404);
    expect((await get('/v1/reports/regions/52.02/summary', as.auditorTengah())).statusCode).toBe(200);
    expect((await app.inject({ url: '/v1/reports/regions/52.02/summary' })).statusCode).toBe(401);
  });
});

describe('GET /v1/reports/regions/:code/timeseries', () => {
  it('counts per local day, week and month', async () => {
    const days = await get(
      '/v1/reports/regions/52.02/timeseries?metric=submitted&interval=day&from=2025-06-15&to=2025-06-19',
      as.verifikatorTengah(),
    );
    expect(days.statusCode).toBe(200);
    expect(days.json()).toMatchObject({ metric: 'submitted', interval: 'day', timeZone: 'Asia/Makassar' });
    expect(days.json().points).toEqual([
      { start: '2025-06-15', value: 0 },
      { start: '2025-06-16', value: 3 },
      { start: '2025-06-17', value: 0 },
      { start: '2025-06-18', value: 0 },
      { start: '2025-06-19', value: 0 },
    ]);
    const months = await get(
      '/v1/reports/regions/52/timeseries?metric=households_deactivated&interval=month&from=2025-05-01&to=2025-07-31',
      as.provinsi(),
    );
    expect(months.json().points).toEqual([
      { start: '2025-05-01', value: 0 },
      { start: '2025-06-01', value: 0 },
      { start: '2025-07-01', value: 1 },
    ]);
    const weeks = await get('/v1/reports/regions/52.02/timeseries?metric=approved&interval=week', as.adminTengah());
    expect(weeks.json().points).toHaveLength(12);
    expect(weeks.json().points.at(-1)).toEqual({ start: '2025-06-16', value: 1 });
  });

  it('averages hours from submission to decision, null where nothing was decided', async () => {
    const hours = (
      await get(
        '/v1/reports/regions/52.02/timeseries?metric=decision_hours&from=2025-06-16&to=2025-06-18',
        as.verifikatorTengah(),
      )
    ).json().points;
    expect(hours[0]).toEqual({ start: '2025-06-16', value: null });
    expect(hours[1].value).toBeGreaterThan(23);
    expect(hours[1].value).toBeLessThan(26);
    expect(hours[2].value).toBeGreaterThan(23);
  });

  it('sums the day counters of the country, a province and a regency as counting the rows would', async () => {
    const regions = await loadRegions();
    const region = (code: string) =>
      code === ''
        ? ({ code, name: 'Indonesia', level: 'national' } as const)
        : { code, name: regions.get(code)!.name, level: regions.get(code)!.level };
    const metrics: Metric[] = ['drafted', 'submitted', 'applied'];
    let nonZero = 0;
    for (const timeZone of ['Asia/Makassar', 'Asia/Jakarta', 'Asia/Jayapura']) {
      const deps = { pool: platform.pool, timeZone } as Parameters<typeof timeseries>[0];
      for (const code of ['', '52', '52.02', '52.01'])
        for (const metric of metrics)
          for (const [interval, from, to] of [
            ['day', '2025-06-10', '2025-08-05'],
            ['month', '2025-01-01', '2025-12-31'],
          ] as const) {
            const query = { metric, interval, from, to };
            const fromDays = await timeseries(deps, region(code), query);
            expect(fromDays).toEqual(await timeseries(deps, region(code), query, 'rows'));
            nonZero += fromDays.points.filter((point) => point.value !== 0).length;
          }
    }
    expect(nonZero).toBeGreaterThan(10);
  });

  it('refuses a reversed or too long range, and an unknown metric', async () => {
    const reversed = await get(
      '/v1/reports/regions/52.02/timeseries?metric=submitted&from=2025-06-20&to=2025-06-10',
      as.verifikatorTengah(),
    );
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().errors).toEqual([expect.objectContaining({ path: 'query.from', code: 'range.order' })]);
    const long = await get(
      '/v1/reports/regions/52.02/timeseries?metric=submitted&from=2020-01-01&to=2025-06-10',
      as.verifikatorTengah(),
    );
    expect(long.statusCode).toBe(400);
    expect((await get('/v1/reports/regions/52.02/timeseries?metric=nik', as.verifikatorTengah())).statusCode).toBe(400);
  });
});

interface Entry {
  eventId: string;
  type: string;
  actor: { userId: string; role: string };
  channel: string;
  reason: string | null;
  changes: unknown[] | null;
  fields: string[] | null;
  householdId: string | null;
}

describe('GET /v1/reports/audit', () => {
  it('names every person who touched a proposal, with channel, reason and changed fields', async () => {
    const response = await get(`/v1/reports/audit?proposalId=${s.a.proposalId}&limit=200`, as.verifikatorTengah());
    expect(response.statusCode).toBe(200);
    const items: Entry[] = response.json().items;
    const people = [...new Set(items.filter((i) => i.actor.role !== 'system').map((i) => i.actor.userId))].sort();
    expect(people).toEqual([`adm-52.02`, `op-${PRAYA}`, 'ver-52.02'].sort());
    const byType = (type: string) => items.filter((item) => item.type === type);
    expect(byType('ProposalDrafted')[0]).toMatchObject({ actor: { userId: `op-${PRAYA}` }, channel: 'operator' });
    expect(byType('ProposalAmended')[0]).toMatchObject({
      reason: 'nama diperbaiki sesuai KTP',
      changes: [
        { path: 'household.housing.floorType', from: 'tanah', to: 'semen' },
        { path: 'household.members.0.name' },
      ],
    });
    expect(byType('CaseReturned')[0]).toMatchObject({
      actor: { userId: 'ver-52.02', role: 'verifikator_kabkota' },
      reason: 'nama tidak sesuai KTP',
      fields: ['household.members.0.name'],
    });
    expect(byType('CaseApproved')[0]).toMatchObject({ actor: { userId: 'adm-52.02', role: 'admin_kabkota' } });
    expect(byType('HouseholdUpdated')[0]).toMatchObject({
      changes: [{ path: 'housing.roofType', from: 'seng', to: 'genteng' }, { path: 'personal' }, { path: 'kkIndex' }],
    });
    expect(items.map((item) => item.type)).toEqual(
      expect.arrayContaining(['ProposalSubmitted', 'ChecksCompleted', 'DocumentLinked', 'HouseholdRegistered']),
    );
    expect(response.body).not.toMatch(/Lalu Ahmad|5202011203800001|5202011503100002|\$sealed|Kunjungi/);
  });

  it('pages with a cursor, in either order', async () => {
    const all: Entry[] = (
      await get(`/v1/reports/audit?proposalId=${s.a.proposalId}&limit=200`, as.adminTengah())
    ).json().items;
    const paged: Entry[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Entry[]; nextCursor: string | null } = (
        await get(
          `/v1/reports/audit?proposalId=${s.a.proposalId}&limit=4${cursor ? `&cursor=${cursor}` : ''}`,
          as.adminTengah(),
        )
      ).json();
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged.map((item) => item.eventId)).toEqual(all.map((item) => item.eventId));
    const newest = (
      await get(`/v1/reports/audit?proposalId=${s.a.proposalId}&order=desc&limit=1`, as.adminTengah())
    ).json();
    expect(newest.items[0].eventId).toBe(all.at(-1)?.eventId);
    expect((await get('/v1/reports/audit?cursor=bm90LWEtY3Vyc29y', as.adminTengah())).statusCode).toBe(400);
  });

  it('answers what a person did, and who looked a household up', async () => {
    const verifikator: Entry[] = (await get('/v1/reports/audit?actor=ver-52.02&limit=200', as.auditorTengah())).json()
      .items;
    expect(verifikator.length).toBeGreaterThan(0);
    expect(verifikator.every((item) => item.actor.userId === 'ver-52.02')).toBe(true);
    expect(verifikator.map((item) => item.type)).toEqual(
      expect.arrayContaining(['CaseReturned', 'CaseRejected', 'CaseVerified', 'FieldValidationOrdered', 'NikLookedUp']),
    );
    const household: Entry[] = (await get(`/v1/reports/audit?householdId=${s.householdA}`, as.auditorTengah())).json()
      .items;
    expect(household.map((item) => [item.type, item.actor.userId])).toEqual([
      ['HouseholdRegistered', 'registry'],
      ['NikLookedUp', 'ver-52.02'],
      ['HouseholdUpdated', 'registry'],
    ]);
    const onTheDay = (
      await get('/v1/reports/audit?from=2025-06-17&to=2025-06-17&limit=200', as.verifikatorTengah())
    ).json().items as { occurredAt: string }[];
    expect(onTheDay.length).toBeGreaterThan(0);
    expect(
      onTheDay.every((item) => item.occurredAt >= '2025-06-16T16:00' && item.occurredAt < '2025-06-17T16:00'),
    ).toBe(true);
  });

  it('answers 404 for a proposal outside the scope, and scopes free queries', async () => {
    expect((await get(`/v1/reports/audit?proposalId=${s.a.proposalId}`, as.verifikatorBarat())).statusCode).toBe(404);
    expect((await get(`/v1/reports/audit?proposalId=${s.a.proposalId}`, as.operatorLeneng())).statusCode).toBe(404);
    expect((await get(`/v1/reports/audit?proposalId=${s.e.proposalId}`, as.verifikatorBarat())).statusCode).toBe(200);
    expect((await get(`/v1/reports/audit?region=52.01`, as.verifikatorTengah())).statusCode).toBe(404);
    const leneng: { regionCode: string }[] = (await get('/v1/reports/audit?limit=200', as.operatorLeneng())).json()
      .items;
    expect(leneng.length).toBeGreaterThan(0);
    expect(leneng.every((item) => item.regionCode === LENENG)).toBe(true);
  });
});

describe('GET /v1/reports/operators', () => {
  it('counts what each person did in the region, people only', async () => {
    const response = await get('/v1/reports/operators', as.verifikatorTengah());
    expect(response.statusCode).toBe(200);
    const operators: { userId: string; actions: Record<string, number>; decided: number; total: number }[] =
      response.json().operators;
    const by = (userId: string) => operators.find((operator) => operator.userId === userId);
    expect(by(`op-${PRAYA}`)?.actions).toMatchObject({
      drafted: 2,
      submitted: 1,
      amended: 1,
      resubmitted: 1,
      withdrawn: 1,
      uploaded: 1,
    });
    expect(by('ver-52.02')).toMatchObject({
      decided: 3,
      actions: { verified: 1, returned: 1, rejected: 1, field_validation_ordered: 1 },
    });
    expect(by('adm-52.02')?.actions.approved).toBe(1);
    expect(by('op-praya-2')?.actions).toMatchObject({ drafted: 1, submitted: 1 });
    expect(operators.map((operator) => operator.userId)).not.toContain('adm-52.01');
    expect(
      operators.some((operator) => ['system', 'intake', 'verification', 'registry'].includes(operator.userId)),
    ).toBe(false);
    const dayOne = (await get('/v1/reports/operators?from=2025-06-16&to=2025-06-16', as.verifikatorTengah())).json();
    expect(dayOne.operators.map((operator: { userId: string }) => operator.userId)).not.toContain('ver-52.02');
    expect((await get('/v1/reports/operators?region=52.01', as.verifikatorTengah())).statusCode).toBe(404);
  });
});

describe('GET /v1/reports/monthly/:regionCode/:yyyy-mm', () => {
  it('reports a regency month per village, with decision times, reasons and findings', async () => {
    const response = await get('/v1/reports/monthly/52.02/2025-06', as.adminTengah());
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({
      month: '2025-06',
      rowLevel: 'village',
      period: { from: '2025-06-01', to: '2025-06-30' },
      totals: {
        code: '52.02',
        submitted: 3,
        verified: 1,
        returned: 1,
        rejected: 1,
        approved: 1,
        applied: 1,
        householdsRegistered: 1,
        householdsDeactivated: 0,
        householdsActive: 1,
      },
      submittedByChannel: { operator: 1, musdes: 1, field: 1 },
      reasons: {
        returned: [{ reason: 'nama tidak sesuai KTP', count: 1 }],
        rejected: [{ reason: 'NIK sudah terdaftar di rumah tangga lain', count: 1 }],
      },
    });
    expect(report.rows.find((row: { code: string }) => row.code === PRAYA)).toEqual({
      code: PRAYA,
      name: 'Praya',
      submitted: 2,
      verified: 1,
      returned: 1,
      rejected: 1,
      approved: 1,
      applied: 1,
      householdsRegistered: 1,
      householdsDeactivated: 0,
      householdsActive: 1,
    });
    expect(report.rows.length).toBeGreaterThan(100); // every village of Lombok Tengah
    expect(report.decisionTime.decisions).toBe(3);
    expect(report.decisionTime.medianHours).toBeGreaterThan(23);
    expect(report.quality).toEqual([
      { check: 'dukcapil_match', pass: 1, warn: 0, fail: 0 },
      { check: 'duplicate_nik', pass: 1, warn: 0, fail: 1 },
    ]);
    expect(report.operators.map((operator: { userId: string }) => operator.userId)).toContain('ver-52.02');
  });

  it('sees the past month as it ended', async () => {
    const june = (await get(`/v1/reports/monthly/${GERUNG}/2025-06`, as.verifikatorBarat())).json().totals;
    const july = (await get(`/v1/reports/monthly/${GERUNG}/2025-07`, as.verifikatorBarat())).json().totals;
    expect(june).toMatchObject({ submitted: 2, approved: 2, applied: 1, householdsRegistered: 1, householdsActive: 1 });
    expect(july).toMatchObject({ submitted: 0, applied: 1, householdsDeactivated: 1, householdsActive: 0 });
  });

  it('exports the report as CSV (Indonesian headers, English on request)', async () => {
    const csv = await get('/v1/reports/monthly/52.02.01/2025-06', as.verifikatorTengah(), { accept: 'text/csv' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="laporan-berkala-52.02.01-2025-06.csv"');
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'kode_wilayah,nama_wilayah,usulan_diajukan,usulan_diverifikasi,usulan_dikembalikan,usulan_ditolak,' +
        'usulan_disahkan,usulan_diterapkan,rumah_tangga_baru,rumah_tangga_dinonaktifkan,rumah_tangga_aktif_akhir_bulan',
    );
    expect(lines).toContain(`${PRAYA},Praya,2,1,1,1,1,1,1,0,1`);
    expect(lines).toContain(`${LENENG},Leneng,1,0,0,0,0,0,0,0,0`);
    expect(lines.at(-1)).toBe('52.02.01,JUMLAH,3,1,1,1,1,1,1,0,1');
    const english = await get('/v1/reports/monthly/52.02.01/2025-06?format=csv', as.verifikatorTengah(), {
      'accept-language': 'en',
    });
    expect(english.body.split('\r\n')[0]).toMatch(/^region_code,region_name,proposals_submitted,/);
    expect(english.body.trimEnd().split('\r\n').at(-1)).toMatch(/^52\.02\.01,TOTAL,/);
  });

  it('answers 404 outside the scope and 400 for a bad month', async () => {
    expect((await get('/v1/reports/monthly/52.02/2025-06', as.operatorPraya())).statusCode).toBe(404);
    expect((await get(`/v1/reports/monthly/${PRAYA}/2025-06`, as.operatorPraya())).statusCode).toBe(200);
    expect((await get(`/v1/reports/monthly/${PRAYA}/2025-13`, as.operatorPraya())).statusCode).toBe(400);
  });
});

describe('GET /v1/reports/lag and /metrics', () => {
  it('shows every projection caught up, with its last event', async () => {
    const response = await get('/v1/reports/lag', as.operatorPraya());
    expect(response.statusCode).toBe(200);
    const events = Number((await platform.pool.query('SELECT count(*) FROM eventstore.events')).rows[0].count);
    const projections = response.json().projections;
    expect(projections.map((p: { name: string }) => p.name)).toEqual([
      'proposals',
      'households',
      'decisions',
      'operators',
      'quality',
      'audit',
    ]);
    for (const projection of projections) {
      expect(projection).toMatchObject({ generation: 1, lagEvents: 0, lagSeconds: 0, rebuilding: null });
      expect(projection.lastEvent?.logPosition).toMatch(/^\d+:\d+$/);
    }
    expect(projections.find((p: { name: string }) => p.name === 'audit').eventsApplied).toBe(events);
    const metrics = (await app.inject({ url: '/metrics' })).body;
    expect(metrics).toContain(`reporting_projection_events_applied{projection="audit",service="reporting"} ${events}`);
    expect(metrics).toContain('reporting_projection_lag_seconds{projection="proposals",service="reporting"} 0');
  });
});
