import { ID_NUMBER } from '@siks/testing';
import { describe, expect, it } from 'vitest';
import { newHouseholdBody, REGENCY, startIntake, uniqueHousehold, VILLAGE } from './support.ts';

// The proposal list names the head of household (sealed in the read model, opened per page,
// every opening recorded) so a person picks a family, not a hash.
const intake = await startIntake();
const { app, platform } = intake;
const operator = await intake.auth('operator_desa', VILLAGE, 'op-names');
const verifier = await intake.auth('verifikator_kabkota', REGENCY, 'verif-names');

interface Item {
  proposalId: string;
  headName?: string;
  headNik?: string;
}

async function create(n: number, headName: string): Promise<string> {
  const body = newHouseholdBody(n);
  const household = uniqueHousehold(n);
  household.members[0] = { ...household.members[0]!, name: headName };
  const response = await app.inject({
    method: 'POST',
    url: '/v1/intake/proposals',
    headers: operator,
    payload: { ...body, proposal: { type: 'new_household', household } },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ proposalId: string }>().proposalId;
}

const list = (query: string, headers = operator) => app.inject({ url: `/v1/intake/proposals${query}`, headers });

describe('the proposal list names the head of household', () => {
  const first = 'Lalu Muhammad Zainuddin';
  const second = 'Baiq Nurul Hidayati';
  let ids: string[] = [];

  it('opens the head’s name for each row and records each read, with ids only', async () => {
    ids = [await create(401, first), await create(402, second)];
    await intake.eventually(async () => {
      const items = (await list('?limit=100')).json<{ items: Item[] }>().items;
      return ids.every((id) => items.some((item) => item.proposalId === id));
    }, 'the read model');

    const response = await list('?limit=100', verifier);
    expect(response.statusCode).toBe(200);
    const items = response.json<{ items: Item[] }>().items;
    const byId = new Map(items.map((item) => [item.proposalId, item]));
    expect(byId.get(ids[0]!)).toMatchObject({ headName: first, headNik: expect.stringMatching(/^5202•{8}\d{4}$/) });
    expect(byId.get(ids[1]!)).toMatchObject({ headName: second });
    expect(response.body).not.toMatch(ID_NUMBER);

    // The page's read is one event of the log (hash chains and Merkle proofs cover it), ids only.
    const recorded = (await platform.store.readAll({ streamPrefixes: ['reads-intake-'] })).filter(
      (event) => event.data['purpose'] === 'intake.proposals.list' && event.metadata.actor.userId === 'verif-names',
    );
    expect(recorded).toHaveLength(1);
    const subjects = (recorded[0]!.data['subjects'] as { kind: string; id: string }[]).map((subject) => subject.id);
    for (const id of ids) expect(subjects, `read of ${id} recorded`).toContain(id);
    expect(recorded[0]!.data['rows']).toBe(items.filter((item) => item.headName !== undefined).length);
    expect(JSON.stringify(recorded)).not.toContain(first);
  });

  it('opens nothing and records nothing when asked for ids only', async () => {
    const readEvents = async (): Promise<number> =>
      (await platform.store.readAll({ streamPrefixes: ['reads-intake-'] })).length;
    const before = await readEvents();
    const response = await list(`?idPrefix=${ids[0]!.slice(0, 8)}&names=false`);
    expect(response.statusCode).toBe(200);
    const items = response.json<{ items: Item[] }>().items;
    expect(items.map((item) => item.proposalId)).toContain(ids[0]);
    expect(items.every((item) => item.headName === undefined)).toBe(true);
    const after = await readEvents();
    expect(after).toBe(before);
  });

  it('names no one whose data was erased, and records no read of them', async () => {
    const sealed = (
      await platform.pool.query<{ head_personal: { sub: string } }>(
        'SELECT head_personal FROM intake.proposals WHERE proposal_id = $1',
        [ids[1]],
      )
    ).rows[0]?.head_personal;
    expect(sealed?.sub).toMatch(/^person:/);
    await platform.keyring.forget(sealed!.sub);
    const response = await list('?limit=100');
    const item = response.json<{ items: Item[] }>().items.find((candidate) => candidate.proposalId === ids[1]);
    expect(item).toBeDefined();
    expect(item?.headName).toBeUndefined();
    expect(response.body).not.toContain(second);
  });

  it('serves at most 100 rows a page', async () => {
    expect((await list('?limit=101')).statusCode).toBe(400);
    expect((await list('?limit=100')).statusCode).toBe(200);
  });
});
