/**
 * The scope matrix (docs/security.md, "Who can read what"): every role, in scope and out of it,
 * against every read route of every service, on one seeded system (support/scope-world.ts). The
 * routes are taken from each service's own OpenAPI document, so a new read route fails this test
 * until it has a row in MATRIX. Every answer is searched for anything of a village outside the
 * caller's scope: ids, names, NIKs, KK numbers, region codes (findings inside verification cases
 * included); auditors and lists must show no whole NIK anywhere.
 */
import { generateKeyPairSync } from 'node:crypto';
import { auditLogMigrations, extendTree, recordCheckpoint, signCheckpoint, verifierKey } from '@siks/eventstore';
import { migrate } from '@siks/pg';
import { pdfText } from '@siks/print/testing';
import { useTestDatabase } from '@siks/testing/vitest';
import type { UserRole } from '@siks/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPathRouter, type PathRouter } from './support/path-router.ts';
import { ALWAYS_OPEN, runPipelineFlow } from './support/pipeline-flow.ts';
import {
  collectWorld,
  GERUNG_UTARA,
  LENENG,
  PRAYA,
  seedExtras,
  VILLAGES,
  type Village,
  type World,
} from './support/scope-world.ts';
import { SERVICE_NAMES, startSystem, type ServiceName, type System } from './support/system.ts';

/** A request a route answers about one village's data. */
interface Target {
  url: string;
  method?: 'GET' | 'POST';
  body?: Record<string, unknown>;
}

/**
 * `record`: the target is one record of the village (out of scope: 404, or 403 for a role that
 * may not read it). `list`: a list narrowed to the village (out of scope: 404, or nothing of it).
 * `check`: answers for everyone, but only within scope says anything of the data (NIK look-ups).
 */
interface RouteCase {
  kind: 'record' | 'list' | 'check';
  targets(world: World, village: Village): Target[];
  /**
   * The region the target belongs to when it is not the village's own: a regency's cut-off is
   * readable by everyone inside the regency, a village operator included.
   */
  regionOf?: (village: Village) => string;
}

const first = (ids: readonly string[]): string[] => ids.slice(0, 1);
const record = (make: (world: World, village: Village) => string[]): RouteCase => ({
  kind: 'record',
  targets: (world, village) => make(world, village).map((url) => ({ url })),
});
const list = (make: (world: World, village: Village) => string[]): RouteCase => ({
  kind: 'list',
  targets: (world, village) => make(world, village).map((url) => ({ url })),
});
const nikBody = (world: World, village: Village): Target[] =>
  first(world.villages[village].niks).map((nik) => ({ url: '', method: 'POST', body: { nik } }));
const v = (world: World, village: Village) => world.villages[village];

const MATRIX: Record<string, RouteCase> = {
  'GET /v1/intake/proposals': list((_, village) => [`/v1/intake/proposals?region=${village}`]),
  'GET /v1/intake/proposals/{id}': record((w, village) =>
    first(v(w, village).proposals).map((id) => `/v1/intake/proposals/${id}`),
  ),
  // Every proposal: the one returned and amended on the way has personal values in its history.
  'GET /v1/intake/proposals/{id}/history': record((w, village) =>
    v(w, village).proposals.map((id) => `/v1/intake/proposals/${id}/history`),
  ),
  'GET /v1/intake/proposals/{id}/chain': record((w, village) =>
    first(v(w, village).proposals).map((id) => `/v1/intake/proposals/${id}/chain`),
  ),
  'GET /v1/intake/complaints': list((_, village) => [`/v1/intake/complaints?region=${village}`]),
  'GET /v1/intake/complaints/overdue': list((_, village) => [`/v1/intake/complaints/overdue?region=${village}`]),
  'GET /v1/intake/complaints/summary': list((_, village) => [`/v1/intake/complaints/summary?region=${village}`]),
  // No import in the seed: an unknown id must be 404 for everyone.
  'GET /v1/intake/imports/{id}': record(() => ['/v1/intake/imports/01890000-0000-7000-8000-000000000000']),
  // A file's header row: no data of anyone.
  'GET /v1/intake/imports/templates/{channel}': list(() => ['/v1/intake/imports/templates/musdes']),
  'GET /v1/intake/meetings': list((_, village) => [`/v1/intake/meetings?region=${village}`]),
  // No meeting in the seed: an unknown id must be 404 for everyone.
  'GET /v1/intake/meetings/{id}': record(() => ['/v1/intake/meetings/01890000-0000-7000-8000-000000000000']),
  'GET /v1/intake/meetings/{id}/forms/{form}': record(() => [
    '/v1/intake/meetings/01890000-0000-7000-8000-000000000000/forms/berita-acara',
  ]),
  'GET /v1/intake/meetings/{id}/summary': record(() => [
    '/v1/intake/meetings/01890000-0000-7000-8000-000000000000/summary',
  ]),
  // A blank form: no data of anyone (a village operator's village named).
  'GET /v1/intake/meeting-forms/{form}': list(() => ['/v1/intake/meeting-forms/daftar-hadir']),
  'GET /v1/documents': list((w, village) =>
    first(v(w, village).proposals).map((id) => `/v1/documents?proposalId=${id}`),
  ),
  'GET /v1/documents/{id}': record((w, village) => first(v(w, village).documents).map((id) => `/v1/documents/${id}`)),
  'GET /v1/documents/{id}/content': record((w, village) =>
    first(v(w, village).documents).map((id) => `/v1/documents/${id}/content`),
  ),
  'GET /v1/verification/cases': list((_, village) => [`/v1/verification/cases?region=${village}`]),
  'GET /v1/verification/cases/{proposalId}': record((w, village) =>
    [...first(v(w, village).proposals), ...(v(w, village).pending ? [v(w, village).pending!] : [])].map(
      (id) => `/v1/verification/cases/${id}`,
    ),
  ),
  'GET /v1/verification/approvals/pending': list((_, village) => [
    `/v1/verification/approvals/pending?region=${village}`,
  ]),
  'GET /v1/registry/households': list((_, village) => [`/v1/registry/households?region=${village}`]),
  'GET /v1/registry/households/{id}': record((w, village) =>
    first(v(w, village).households).map((id) => `/v1/registry/households/${id}`),
  ),
  'GET /v1/registry/households/{id}/history': record((w, village) =>
    first(v(w, village).households).map((id) => `/v1/registry/households/${id}/history`),
  ),
  'GET /v1/registry/households/{id}/chain': record((w, village) =>
    first(v(w, village).households).map((id) => `/v1/registry/households/${id}/chain`),
  ),
  'GET /v1/registry/cutoffs': list((_, village) => [`/v1/registry/cutoffs?regencyCode=${village.slice(0, 5)}`]),
  'GET /v1/registry/cutoffs/{id}': {
    ...record((w, village) => [`/v1/registry/cutoffs/${w.cutoffs[village.slice(0, 5)]}`]),
    regionOf: (village) => village.slice(0, 5),
  },
  // A PDF: its text is judged like a JSON answer. Whole NIKs for the regency's officers (the list to sign).
  'GET /v1/registry/cutoffs/{id}/approval-list': {
    ...record((w, village) => [`/v1/registry/cutoffs/${w.cutoffs[village.slice(0, 5)]}/approval-list`]),
    regionOf: (village) => village.slice(0, 5),
  },
  'GET /v1/registry/cutoffs/{id}/households': list((w, village) => [
    `/v1/registry/cutoffs/${w.cutoffs[village.slice(0, 5)]}/households`,
  ]),
  // The hand-off above the regency: readable like its cut-off; returned rows only within scope.
  'GET /v1/registry/cutoffs/{id}/handoff': {
    ...record((w, village) => [`/v1/registry/cutoffs/${w.cutoffs[village.slice(0, 5)]}/handoff`]),
    regionOf: (village) => village.slice(0, 5),
  },
  // The export's whole NIKs are for the province and pusdatin only (others 403), within scope.
  'POST /v1/registry/cutoffs/{id}/export': {
    kind: 'record',
    targets: (w, village) => [
      { url: `/v1/registry/cutoffs/${w.cutoffs[village.slice(0, 5)]}/export`, method: 'POST', body: {} },
    ],
    regionOf: (village) => village.slice(0, 5),
  },
  // Public keys that verify signed exports: no data of anyone.
  'GET /v1/registry/export-keys': list(() => ['/v1/registry/export-keys']),
  'POST /v1/registry/lookup': {
    kind: 'check',
    targets: (w, village) => nikBody(w, village).map((t) => ({ ...t, url: '/v1/registry/lookup' })),
  },
  'POST /v1/registry/nik-check': {
    kind: 'check',
    targets: (w, village) => nikBody(w, village).map((t) => ({ ...t, url: '/v1/registry/nik-check' })),
  },
  'GET /v1/reports/regions/{code}/summary': list((_, village) => [`/v1/reports/regions/${village}/summary`]),
  'GET /v1/reports/regions/{code}/timeseries': list((_, village) => [
    `/v1/reports/regions/${village}/timeseries?metric=findings`,
  ]),
  'GET /v1/reports/monthly/{regionCode}/{month}': list((w, village) => [`/v1/reports/monthly/${village}/${w.month}`]),
  'GET /v1/reports/operators': list((_, village) => [`/v1/reports/operators?region=${village}`]),
  'GET /v1/reports/audit': list((w, village) => [
    `/v1/reports/audit?region=${village}&limit=200`,
    ...first(v(w, village).proposals).map((id) => `/v1/reports/audit?proposalId=${id}&limit=200`),
  ]),
  'GET /v1/reports/supervision': list((_, village) => [`/v1/reports/supervision?region=${village}`]),
  // Leaves and proofs of audit events: only of events in the caller's scope.
  'GET /v1/reports/audit/proofs': list((w, village) =>
    first(v(w, village).events).map((id) => `/v1/reports/audit/proofs?eventIds=${id}`),
  ),
  // The public audit log (no token needed): checkpoints and proofs are hashes only, for anyone.
  'GET /v1/audit/checkpoint': list(() => ['/v1/audit/checkpoint']),
  'GET /v1/audit/verifier-key': list(() => ['/v1/audit/verifier-key']),
  'GET /v1/audit/proofs/inclusion': list((w, village) =>
    first(v(w, village).events).map((id) => `/v1/audit/proofs/inclusion?eventId=${id}`),
  ),
  'GET /v1/audit/proofs/consistency': list(() => ['/v1/audit/proofs/consistency?from=1&to=2']),
  // Projection lag: names no data (no region, no record), only the projections' positions.
  'GET /v1/reports/lag': list(() => ['/v1/reports/lag']),
};

/** POST routes that only read (everything else a service serves with POST, PATCH or DELETE writes). */
const READ_POSTS = new Set([
  'POST /v1/registry/lookup',
  'POST /v1/registry/nik-check',
  'POST /v1/registry/cutoffs/{id}/export',
]);

/** Who asks: every role, with a scope that holds Praya and one that does not. */
const ACTORS: readonly [UserRole, string][] = [
  ['operator_desa', PRAYA],
  ['operator_desa', LENENG],
  ['operator_desa', GERUNG_UTARA],
  ['verifikator_kabkota', '52.02'],
  ['verifikator_kabkota', '52.01'],
  ['admin_kabkota', '52.02'],
  ['admin_kabkota', '52.01'],
  ['admin_provinsi', '52'],
  ['admin_provinsi', '51'],
  ['pusdatin', ''],
  ['auditor', '52.02'],
  ['auditor', GERUNG_UTARA],
  ['auditor', '52'],
];

const within = (code: string, scope: string): boolean => scope === '' || code === scope || code.startsWith(`${scope}.`);
const REGION_IN_JSON = /"(\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?)"/g;
const FULL_NIK = /(?<![\d•])\d{16}(?![\d•])/g;

let system: System;
let router: PathRouter;
let world: World;
const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  const databaseUrl = await useTestDatabase('scope_matrix');
  const windows = { PROPOSAL_WINDOWS: ALWAYS_OPEN };
  const exportKey = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  system = await startSystem({
    databaseUrl,
    poolMax: 5,
    env: { intake: windows, verification: windows, registry: { EXPORT_SIGNING_KEY: exportKey } },
  });
  router = await startPathRouter({
    '/v1/intake': system.urls.intake,
    '/v1/documents': system.urls.document,
    '/v1/verification': system.urls.verification,
    '/v1/registry': system.urls.registry,
    '/v1/reports': system.urls.reporting,
  });
  const token = (role: UserRole, region: string, userId?: string) => system.token(role, region, userId);
  await runPipelineFlow({ api: router.url, token, today });
  await seedExtras(router.url, token, today);
  world = await collectWorld(router.url, token, today);
  await checkpointTheLog();
}, 300_000);

/** What `siks audit checkpoint` does, so the audit log's routes have a signed tree to answer from. */
async function checkpointTheLog(): Promise<void> {
  const pool = system.platforms.reporting.pool;
  await migrate(pool, [auditLogMigrations]);
  const key = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const origin = 'siks.test/scope-matrix';
  const head = await extendTree(pool);
  const signed = signCheckpoint({ origin, size: head.size, root: head.root, time: new Date().toISOString() }, key);
  await recordCheckpoint(pool, signed, verifierKey(origin, key));
}

afterAll(async () => {
  await router?.close();
  await system?.close();
}, 60_000);

/** Every read route each service serves, as `METHOD /path/{param}`, from its own OpenAPI document. */
async function readRoutes(): Promise<Map<string, ServiceName>> {
  const routes = new Map<string, ServiceName>();
  for (const service of SERVICE_NAMES) {
    const answer = await system.apps[service].inject({ url: '/docs/openapi.json' });
    expect(answer.statusCode).toBe(200);
    const paths = answer.json<{ paths: Record<string, Record<string, unknown>> }>().paths;
    for (const [path, operations] of Object.entries(paths)) {
      if (!path.startsWith('/v1/')) continue;
      for (const method of Object.keys(operations)) {
        const key = `${method.toUpperCase()} ${path}`;
        if (method === 'get' || READ_POSTS.has(key)) routes.set(key, service);
      }
    }
  }
  return routes;
}

/** What is wrong with one answer (nothing: an empty list). */
function judge(answer: {
  kind: RouteCase['kind'];
  /** The text of a PDF answer (judged like a JSON body). */
  pdf?: string;
  role: UserRole;
  scope: string;
  inScope: boolean;
  response: { statusCode: number; headers: Record<string, unknown>; body: string; json<T>(): T };
  secrets: readonly { village: string; values: readonly string[] }[];
  allNiks: ReadonlySet<string>;
}): string[] {
  const { kind, role, scope, inScope, response } = answer;
  const status = response.statusCode;
  const wrong: string[] = [];
  if (status >= 500) wrong.push(`answered ${status}`);
  if (!inScope && kind === 'record' && status !== 404 && status !== 403) wrong.push(`out of scope answered ${status}`);
  if (!inScope && kind === 'check' && status === 200) {
    const body = response.json<{ found?: boolean; inScope?: boolean }>();
    if (body.found === true || body.inScope === true) wrong.push('a NIK out of scope was found');
  }
  if (status !== 200) return wrong;
  if (answer.pdf === undefined && !String(response.headers['content-type'] ?? '').includes('json')) return wrong;
  const text = answer.pdf ?? response.body;
  for (const secret of answer.secrets) {
    if (within(secret.village, scope)) continue;
    const leaked = secret.values.find((value) => text.includes(value));
    if (leaked) wrong.push(`shows data of ${secret.village} (${leaked.slice(0, 4)}…)`);
  }
  for (const [, code] of text.matchAll(REGION_IN_JSON)) {
    if (!within(code!, scope) && !within(scope, code!)) wrong.push(`names region ${code}`);
  }
  // One masking policy: an auditor never sees a whole NIK, nor does anyone in a list.
  if (role === 'auditor' || kind === 'list') {
    if ([...text.matchAll(FULL_NIK)].some(([digits]) => answer.allNiks.has(digits))) wrong.push('shows a whole NIK');
  }
  return wrong;
}

describe('the scope matrix: every role × every read route × in and out of scope', () => {
  it('has a row for every read route the services serve, and none for a route that is gone', async () => {
    const served = [...(await readRoutes()).keys()].sort();
    expect(served).toEqual(Object.keys(MATRIX).sort());
  });

  it('shows no data outside the caller’s scope, and no whole NIK to auditors or in lists', async () => {
    const routes = await readRoutes();
    const valuesOf = (village: Village): string[] => {
      const data = world.villages[village];
      return [
        ...data.proposals,
        ...data.households,
        ...data.documents,
        ...data.complaints,
        ...data.names,
        ...data.niks,
        ...data.kks,
      ];
    };
    // A value tells whose data an answer shows only when nothing of another village holds it
    // (generated names repeat: one village's member may be another's mother or street).
    const secrets = VILLAGES.map((village) => {
      const others = VILLAGES.filter((other) => other !== village).flatMap((other) => world.villages[other].texts);
      const values = valuesOf(village).filter(
        (value) => value.length >= 6 && !others.some((other) => other.includes(value)),
      );
      return { village, values };
    });
    const allNiks = new Set(VILLAGES.flatMap((village) => world.villages[village].niks));
    for (const village of VILLAGES) {
      const data = world.villages[village];
      expect(data.proposals.length, village).toBeGreaterThan(0);
      expect(data.households.length, village).toBeGreaterThan(0);
      expect(data.documents.length, village).toBeGreaterThan(0);
      expect(data.niks.length, village).toBeGreaterThan(0);
    }
    const actors = await Promise.all(
      ACTORS.map(
        async ([role, scope]) =>
          [role, scope, await system.token(role, scope, `matrix-${role}-${scope || 'id'}`)] as const,
      ),
    );
    const answeredInScope = new Set<string>();
    const failures: string[] = [];
    for (const [route, service] of routes) {
      const row = MATRIX[route]!;
      // One actor's requests at once: the answers are checked as they come.
      for (const [role, scope, token] of actors) {
        const asked = VILLAGES.flatMap((village) => row.targets(world, village).map((target) => ({ village, target })));
        const answers = await Promise.all(
          asked.map(({ target }) =>
            system.apps[service].inject({
              method: target.method ?? 'GET',
              url: target.url,
              headers: { authorization: `Bearer ${token}` },
              ...(target.body ? { payload: target.body } : {}),
            }),
          ),
        );
        for (const [index, { village, target }] of asked.entries()) {
          const response = answers[index]!;
          const region = row.regionOf?.(village) ?? village;
          const inScope = within(region, scope) || (region !== village && within(scope, region));
          if (response.statusCode === 200 && inScope) answeredInScope.add(route);
          const where = `${role}@${scope || '(national)'} ${target.method ?? 'GET'} ${target.url} [${village}]`;
          const pdf =
            response.statusCode === 200 && response.headers['content-type'] === 'application/pdf'
              ? (await pdfText(response.rawPayload)).text
              : undefined;
          failures.push(
            ...judge({
              kind: row.kind,
              role,
              scope,
              inScope,
              response,
              secrets,
              allNiks,
              ...(pdf !== undefined ? { pdf } : {}),
            }).map((why) => `${where}: ${why}`),
          );
        }
      }
    }
    expect(failures).toEqual([]);
    // Every route answered someone in scope at least once: the seed reaches it (imports aside: none seeded).
    const unanswered = Object.keys(MATRIX).filter((route) => !answeredInScope.has(route));
    // No import and no meeting in the seed: those answer 404 to everyone.
    expect(unanswered).toEqual([
      'GET /v1/intake/imports/{id}',
      'GET /v1/intake/meetings/{id}',
      'GET /v1/intake/meetings/{id}/forms/{form}',
      'GET /v1/intake/meetings/{id}/summary',
    ]);
  }, 240_000);

  it('recorded the reads of personal data as events of the log, naming records by id and never a personal value', async () => {
    const reads = await system.platforms.intake.store.readAll({
      streamPrefixes: ['reads-intake-', 'reads-document-', 'reads-verification-', 'reads-registry-'],
    });
    expect(new Set(reads.map((event) => event.type))).toEqual(new Set(['PersonalDataRead']));
    expect(new Set(reads.map((event) => event.data['purpose']))).toEqual(
      new Set([
        'intake.proposals.list',
        'verification.cases.list',
        'intake.proposal.detail',
        'intake.proposal.history',
        'intake.complaints.list',
        'document.content',
        'verification.approvals.pending',
        'verification.case.field_texts',
        'registry.households.list',
        'registry.cutoff.households',
        'registry.cutoff.approval_list',
        'registry.cutoff.export',
      ]),
    );
    const personal = VILLAGES.flatMap((village) => {
      const data = world.villages[village];
      return [...data.names, ...data.niks, ...data.kks];
    }).filter((value) => value.length >= 6);
    const text = JSON.stringify(reads);
    expect(personal.filter((value) => text.includes(value))).toEqual([]);
    // Auditors' reads are recorded too, with the fields a masked view shows.
    const auditorDetail = reads.find(
      (event) => event.metadata.actor.role === 'auditor' && event.data['purpose'] === 'intake.proposal.detail',
    );
    expect(auditorDetail?.data['fields']).toEqual(['name', 'nik_masked', 'kk_masked']);
  });
});
