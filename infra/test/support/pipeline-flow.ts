/**
 * The end-to-end flow of the pipeline tests, whatever runs the system: proposals of three villages
 * in two regencies go submit → automated checks → verify → approve (batch) → registry → reporting,
 * one of them returned, amended by another operator and resubmitted on the way, every call over
 * real HTTP to `api` (the gateway, which forwards to the services).
 */
import { fileURLToPath } from 'node:url';
import { generateHouseholds } from '@siks/testing/generate';
import type { UserRole } from '@siks/service-kit';
import { expect } from 'vitest';
import { toHouseholdData } from './households.ts';
import { call, eventually, uploadForm } from './http.ts';

const PRAYA = '52.02.01.1001'; // Lombok Tengah (52.02)
const LENENG = '52.02.01.1002'; // Lombok Tengah (52.02)
const GERUNG_UTARA = '52.01.01.1001'; // Lombok Barat (52.01)
const VILLAGES = [PRAYA, LENENG, GERUNG_UTARA];
const regencyOf = (village: string): string => village.slice(0, 5);

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../../services/document/fixtures/${name}`, import.meta.url));

interface Sent {
  proposalId: string;
  village: string;
  operator: string;
}

interface CaseBody {
  status: string;
  regionCode: string;
  checks: { round: number; results: { check: string; result: string }[] } | null;
}

/** Every day is inside both proposal windows (`PROPOSAL_WINDOWS`): the processes run on the real clock. */
export const ALWAYS_OPEN = JSON.stringify({
  default: { additions: { fromDay: 1, toDay: 31 }, pbiJk: { fromDay: 1, toDay: 31 } },
});

export interface FlowTarget {
  /** Base URL every call goes to (the gateway). */
  api: string;
  /** A bearer token the services accept. */
  token(role: UserRole, region: string, userId?: string): Promise<string>;
  /** The day the households are proposed on (YYYY-MM-DD: birth dates, ages). */
  today: string;
}

/** Runs the whole flow against `target`, asserting every step. */
export async function runPipelineFlow(target: FlowTarget): Promise<void> {
  const { api, today } = target;
  const token = (role: UserRole, region: string, userId?: string): Promise<string> =>
    target.token(role, region, userId);
  const sent: Sent[] = [];
  // Two households per village (the generator's first two of each village's seed).
  const households = VILLAGES.flatMap((village) =>
    generateHouseholds({ seed: `pipeline-${village}`, count: 2, villages: [village], today }),
  );

  // 1. Village operators hand in drafts, upload the evidence (STPJM + a geotagged house photo), submit.
  for (const generated of households) {
    const village = generated.villageCode;
    const operator = `op-${village}`;
    const auth = await token('operator_desa', village, operator);
    const created = await call<{ proposalId: string; status: string }>(`${api}/v1/intake/proposals`, {
      token: auth,
      body: { proposal: { type: 'new_household', household: toHouseholdData(generated) }, submit: false },
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
    const submitted = await call<{ status: string }>(`${api}/v1/intake/proposals/${proposalId}/submit`, {
      token: auth,
      body: {},
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.status).toBe('submitted');
    sent.push({ proposalId, village, operator });
  }

  // 2. Verification opens a case per proposal and runs the checks; the evidence reached it.
  const caseOf = async (proposal: Sent, region = regencyOf(proposal.village)) =>
    call<CaseBody>(`${api}/v1/verification/cases/${proposal.proposalId}`, {
      token: await token('verifikator_kabkota', region, `ver-${region}`),
    });
  for (const proposal of sent) {
    const opened = await eventually(async () => {
      const answer = await caseOf(proposal);
      const evidence = answer.body.checks?.results.find((result) => result.check === 'evidence_completeness');
      return answer.status === 200 && evidence?.result === 'pass' ? answer : undefined;
    }, `checks of ${proposal.proposalId} with its evidence`);
    expect(opened.body.status).toBe('checks_done');
    expect(opened.body.regionCode).toBe(proposal.village);
  }

  // 3. A verifikator of the other regency sees nothing of these cases and cannot decide them.
  for (const proposal of sent) {
    const other = regencyOf(proposal.village) === '52.02' ? '52.01' : '52.02';
    expect((await caseOf(proposal, other)).status).toBe(404);
    const decided = await call(`${api}/v1/verification/cases/${proposal.proposalId}/decisions`, {
      token: await token('verifikator_kabkota', other, `ver-${other}`),
      headers: { 'if-match': '"1"' },
      body: { decision: 'verify' },
    });
    expect(decided.status).toBe(404);
  }

  // 4. One Praya proposal is returned, amended by a second operator, resubmitted and checked again.
  const returned = sent.find((proposal) => proposal.village === PRAYA)!;
  const decide = async (proposal: Sent, body: Record<string, unknown>) => {
    const region = regencyOf(proposal.village);
    const current = await caseOf(proposal);
    return call<{ status: string }>(`${api}/v1/verification/cases/${proposal.proposalId}/decisions`, {
      token: await token('verifikator_kabkota', region, `ver-${region}`),
      headers: { 'if-match': current.headers.get('etag') ?? '' },
      body,
    });
  };
  const returning = await decide(returned, {
    decision: 'return',
    reason: 'alamat tidak lengkap',
    fields: ['household.address.street'],
  });
  expect(returning.status, JSON.stringify(returning.body)).toBe(200);
  const amender = `op-${PRAYA}-2`;
  const amenderAuth = await token('operator_desa', PRAYA, amender);
  const atIntake = await eventually(async () => {
    const answer = await call<{ status: string }>(`${api}/v1/intake/proposals/${returned.proposalId}`, {
      token: amenderAuth,
    });
    return answer.body.status === 'returned' ? answer : undefined;
  }, 'the return to reach intake');
  const amended = await call(`${api}/v1/intake/proposals/${returned.proposalId}`, {
    method: 'PATCH',
    token: amenderAuth,
    headers: { 'if-match': atIntake.headers.get('etag') ?? '' },
    body: { reason: 'alamat dilengkapi', set: { 'household.address.street': 'Jl. Pejanggik No. 12' } },
  });
  expect(amended.status, JSON.stringify(amended.body)).toBe(200);
  const resubmitted = await call(`${api}/v1/intake/proposals/${returned.proposalId}/submit`, {
    token: amenderAuth,
    body: {},
  });
  expect(resubmitted.status, JSON.stringify(resubmitted.body)).toBe(200);
  await eventually(async () => {
    const answer = await caseOf(returned);
    return answer.body.status === 'checks_done' && (answer.body.checks?.round ?? 0) > 1;
  }, 'the resubmission to be checked again');

  // 5. Every case is verified by its regency's verifikator, then approved in one batch per regency.
  // The test photos are one fixture file, so geotag and photo_reuse fail: verifying over failing
  // checks is refused until each is named with a reason.
  for (const proposal of sent) {
    const failing = ((await caseOf(proposal)).body.checks?.results ?? [])
      .filter((result) => result.result === 'fail')
      .map((result) => result.check);
    if (failing.length > 0) {
      const silent = await decide(proposal, { decision: 'verify' });
      expect(silent.status, JSON.stringify(silent.body)).toBe(422);
    }
    const verified = await decide(
      proposal,
      failing.length === 0
        ? { decision: 'verify' }
        : { decision: 'verify', overrides: failing, reason: 'Foto uji coba; rumah sudah dicek di lapangan' },
    );
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(verified.body.status).toBe('verified');
  }
  for (const regency of ['52.01', '52.02']) {
    const ids = sent.filter((proposal) => regencyOf(proposal.village) === regency).map((p) => p.proposalId);
    const approved = await call<{ batchId: string; results: { proposalId: string; status: string }[] }>(
      `${api}/v1/verification/approvals`,
      { token: await token('admin_kabkota', regency, `adm-${regency}`), body: { proposalIds: ids } },
    );
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.results.map((result) => result.status)).toEqual(ids.map(() => 'approved'));
  }

  // 6. The registry holds one active household per proposal, in its village.
  const perVillage = new Map(VILLAGES.map((village) => [village, sent.filter((p) => p.village === village).length]));
  for (const [village, expected] of perVillage) {
    const regency = regencyOf(village);
    await eventually(async () => {
      const answer = await call<{ items: { regionCode: string; status: string }[] }>(
        `${api}/v1/registry/households?region=${village}&limit=100`,
        { token: await token('admin_kabkota', regency, `adm-${regency}`) },
      );
      return answer.status === 200 && answer.body.items.filter((item) => item.status === 'active').length === expected;
    }, `${expected} households in ${village}`);
  }

  // 7. Reporting counts what was sent, per village, regency and province.
  interface Summary {
    proposals: { total: number; applied: number; byStatus: Record<string, number>; byType: Record<string, number> };
    households: { total: number; byStatus: Record<string, number> };
  }
  const summary = async (code: string): Promise<Summary> => {
    const answer = await call<Summary>(`${api}/v1/reports/regions/${code}/summary`, {
      token: await token('admin_provinsi', '52', 'adm-52'),
    });
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const expectCounts = async (code: string, expected: number): Promise<void> => {
    const counts = await eventually(async () => {
      const found = await summary(code);
      // The approval (intake's topic) and the household (registry's) arrive through different
      // relays and topics, in either order: wait for both.
      const settled =
        found.proposals.applied === expected &&
        found.proposals.byStatus['approved'] === expected &&
        found.households.total === expected;
      return settled ? found : undefined;
    }, `reporting of ${code} to show ${expected} approved and applied proposals`);
    expect(counts.proposals.total).toBe(expected);
    expect(counts.proposals.byStatus['approved']).toBe(expected);
    expect(counts.proposals.byType['new_household']).toBe(expected);
    expect(counts.households.byStatus['active']).toBe(expected);
  };
  for (const [village, expected] of perVillage) await expectCounts(village, expected);
  for (const regency of ['52.01', '52.02']) {
    await expectCounts(regency, sent.filter((proposal) => regencyOf(proposal.village) === regency).length);
  }
  await expectCounts('52', sent.length);

  // 8. The audit trail names everyone who touched each proposal, down to the registry's household.
  const auditor = await token('auditor', '52', 'auditor-52');
  const trailOf = async (proposalId: string) => {
    const actors = new Set<string>();
    const types = new Set<string>();
    let cursor: string | null = null;
    do {
      const query: string = `proposalId=${proposalId}&limit=200${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await call<{ items: { type: string; actor: { userId: string } }[]; nextCursor: string | null }>(
        `${api}/v1/reports/audit?${query}`,
        { token: auditor },
      );
      if (page.status !== 200) return undefined;
      for (const item of page.body.items) {
        actors.add(item.actor.userId);
        types.add(item.type);
      }
      cursor = page.body.nextCursor;
    } while (cursor);
    return { actors, types };
  };
  const lastTypes = ['ProposalApproved', 'CaseApproved', 'HouseholdRegistered'];
  for (const proposal of sent) {
    const regency = regencyOf(proposal.village);
    const people = [proposal.operator, `ver-${regency}`, `adm-${regency}`];
    if (proposal === returned) people.push(amender);
    const trail = await eventually(async () => {
      const found = await trailOf(proposal.proposalId);
      return found && lastTypes.every((type) => found.types.has(type)) ? found : undefined;
    }, `the audit trail of ${proposal.proposalId}`);
    expect([...trail.actors]).toEqual(expect.arrayContaining(people));
    expect(trail.actors.has(amender)).toBe(proposal === returned);
    if (proposal === returned)
      expect([...trail.types]).toEqual(expect.arrayContaining(['CaseReturned', 'ProposalAmended']));
  }
  const outside = await call(`${api}/v1/reports/audit?proposalId=${returned.proposalId}`, {
    token: await token('auditor', '52.01', 'auditor-52.01'),
  });
  expect(outside.status).toBe(404);
}
