import { createHash } from 'node:crypto';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Keyring } from '@siks/pii';
import { ContentRecord, ProposalEventSchemas, type ProposalContent, type Sealed } from '@siks/contracts';
import { diff } from './diff.ts';
import type { ProposalEvent } from './events.ts';
import {
  openChanges,
  openContent,
  personSubject,
  sealChanges,
  sealContent,
  type PersonalDataOpener,
  type PersonalDataSealer,
} from './seal.ts';
import { fromStoredEvent, toStoredEvent } from './stored.ts';
import { household, makeNik, member, newHousehold, operator } from './test-fixtures.ts';

const ID = '0190a3c4-0000-7000-8000-00000000000a';
const HH = '0190a3c4-0000-7000-8000-00000000000b';

/** An in-memory stand-in for the pii keyring (reversible, not encryption). */
function memoryKeyring() {
  const forgotten = new Set<string>();
  const subjects: string[] = [];
  const port: PersonalDataSealer & PersonalDataOpener = {
    seal: async (sub, value): Promise<Sealed> => {
      subjects.push(sub);
      return { $sealed: 1, sub, iv: 'aXY=', ct: Buffer.from(JSON.stringify(value)).toString('base64'), tag: 'dGFn' };
    },
    open: async (sealed) =>
      forgotten.has(sealed.sub) ? undefined : JSON.parse(Buffer.from(sealed.ct, 'base64').toString('utf8')),
    blindIndex: (purpose, value) => createHash('sha256').update(`${purpose}\u0000${value}`).digest('hex'),
  };
  return { port, subjects, forget: (sub: string) => forgotten.add(sub) };
}

const personA = makeNik('1990-02-02', 'female', '0005');
const samples: ProposalContent[] = [
  newHousehold(),
  { type: 'split_household', householdId: HH, household: household() },
  { type: 'update', householdId: HH, regionCode: '52.02.01.2012', household: household() },
  {
    type: 'update',
    regionCode: '52.02.01.2012',
    nikCorrections: [{ oldNik: personA, newNik: makeNik('1990-02-02', 'female', '0006'), name: 'Baiq Sari' }],
  },
  { type: 'add_member', householdId: HH, regionCode: '52.02.01.2012', members: [member({ relationship: 'cucu' })] },
  {
    type: 'remove_member',
    householdId: HH,
    regionCode: '52.02.01.2012',
    members: [{ nik: personA, name: 'Baiq Sari', reason: 'pindah', effectiveDate: '2025-05-01' }],
  },
  {
    type: 'deactivate',
    regionCode: '52.02.01.2012',
    reason: 'meninggal',
    effectiveDate: '2025-05-01',
    person: { nik: personA, name: 'Baiq Sari', birthDate: '1990-02-02' },
    kkNumber: '5202011503100002',
    note: 'laporan kadus',
  },
  { type: 'deactivate', householdId: HH, regionCode: '52.02.01.2012', reason: 'mampu' },
  { type: 'reactivate', householdId: HH, regionCode: '52.02.01.2012', note: 'kembali miskin' },
];

describe('sealContent / openContent', () => {
  it.each(samples.map((content) => [content.type, content] as const))(
    'round-trips %s content',
    async (_type, content) => {
      const { port } = memoryKeyring();
      const record = await sealContent(content, ID, port);
      expect(ContentRecord.parse(record)).toEqual(record);
      expect(await openContent(record, port)).toEqual(content);
    },
  );

  it('keeps non-personal fields and blind indexes in clear, personal ones only sealed', async () => {
    const { port, subjects } = memoryKeyring();
    const content = newHousehold();
    const record = await sealContent(content, ID, port);
    if (record.type !== 'new_household') throw new Error('type');
    const head = content.type === 'new_household' ? content.household.members[0]! : member();
    const nikIndex = port.blindIndex('nik', head.nik);
    expect(record.household).toMatchObject({
      regionCode: '52.02.01.2012',
      programmes: ['PKH', 'BPNT'],
      housing: { floorType: 'tanah' },
      kkIndex: port.blindIndex('kk', '5202011503100002'),
    });
    expect(record.household.members[0]).toMatchObject({
      relationship: 'kepala_keluarga',
      sex: 'male',
      education: 'sd',
      nikIndex,
    });
    const json = JSON.stringify(record);
    for (const secret of [head.nik, head.name, head.birthDate, 'Jl. Gajah Mada', '5202011503100002', 'Baiq Aminah'])
      expect(json).not.toContain(secret);
    expect(subjects).toContain(personSubject(nikIndex));
    expect(subjects).toContain(`proposal:${ID}`);
  });

  it('gives null when a person was forgotten', async () => {
    const { port, forget } = memoryKeyring();
    const content = newHousehold();
    const record = await sealContent(content, ID, port);
    const nik = content.type === 'new_household' ? content.household.members[2]!.nik : '';
    forget(personSubject(port.blindIndex('nik', nik)));
    expect(await openContent(record, port)).toBeNull();
  });
});

describe('batched sealing', () => {
  it('seals a new household (its members and its own block) with one sealAll', async () => {
    const { port } = memoryKeyring();
    const batches: string[][] = [];
    const batched: PersonalDataSealer & PersonalDataOpener = {
      ...port,
      sealAll: async (items) => {
        batches.push(items.map((item) => item.subjectId));
        return Promise.all(items.map((item) => port.seal(item.subjectId, item.value)));
      },
    };
    const content = newHousehold();
    if (content.type !== 'new_household') throw new Error('type');
    const record = await sealContent(content, ID, batched);
    expect(batches).toHaveLength(1);
    expect(new Set(batches[0])).toEqual(
      new Set([
        `proposal:${ID}`,
        ...content.household.members.map((m) => personSubject(port.blindIndex('nik', m.nik))),
      ]),
    );
    expect(await openContent(record, port)).toEqual(content);
  });

  it('rejects every seal of a batch when sealAll fails', async () => {
    const { port } = memoryKeyring();
    const failing: PersonalDataSealer = {
      ...port,
      sealAll: async () => {
        throw new Error('forgotten');
      },
    };
    await expect(sealContent(newHousehold(), ID, failing)).rejects.toThrow('forgotten');
  });
});

describe('amendments', () => {
  it('keep the sealed blocks of unchanged members and of an unchanged household block', async () => {
    const { port } = memoryKeyring();
    // Every seal is distinct (as real encryption's fresh IV makes it), so a kept block is visible.
    let seals = 0;
    const sealer: PersonalDataSealer = {
      ...port,
      seal: async (sub, value) => ({ ...(await port.seal(sub, value)), iv: String((seals += 1)) }),
    };
    const before = newHousehold();
    const record = await sealContent(before, ID, sealer);
    if (before.type !== 'new_household' || record.type !== 'new_household') throw new Error('fixture');
    const [head, ...others] = before.household.members;
    if (!head) throw new Error('fixture');
    const after: ProposalContent = {
      ...before,
      household: { ...before.household, members: [{ ...head, name: 'Lalu Amaq Baru' }, ...others] },
    };
    const amended = await sealContent(after, ID, sealer, { content: before, record });
    if (amended.type !== 'new_household') throw new Error('type');
    expect(amended.household.personal).toEqual(record.household.personal);
    expect(amended.household.members[0]?.personal).not.toEqual(record.household.members[0]?.personal);
    expect(amended.household.members.slice(1)).toEqual(record.household.members.slice(1));
    expect(await openContent(amended, port)).toEqual(after);
    // Without the previous content, everything is sealed afresh.
    const fresh = await sealContent(after, ID, sealer);
    if (fresh.type !== 'new_household') throw new Error('type');
    expect(fresh.household.personal).not.toEqual(record.household.personal);
  });
});

describe('sealChanges / openChanges', () => {
  it('seals personal changes under the member’s subject and keeps others clear', async () => {
    const { port, forget } = memoryKeyring();
    const before = newHousehold();
    const after = newHousehold({ programmes: ['PKH'] });
    if (after.type !== 'new_household') throw new Error('type');
    after.household.members[1] = { ...after.household.members[1]!, name: 'Baiq Siti Aisyah' };
    const changes = diff(before, after);
    const records = await sealChanges(changes, { proposalId: ID, before, after }, port);
    const wife = after.household.members[1]!;
    expect(records).toEqual([
      {
        path: 'household.members.1.name',
        personal: expect.objectContaining({ sub: personSubject(port.blindIndex('nik', wife.nik)) }),
      },
      { path: 'household.programmes', from: ['PKH', 'BPNT'], to: ['PKH'] },
    ]);
    expect(JSON.stringify(records)).not.toContain('Aisyah');
    expect(await openChanges(records, port)).toEqual(changes);
    forget(personSubject(port.blindIndex('nik', wife.nik)));
    expect((await openChanges(records, port))[0]).toEqual({ path: 'household.members.1.name', forgotten: true });
  });
});

describe('stored events', () => {
  it('round-trips drafted and amended events through their stored form', async () => {
    const { port } = memoryKeyring();
    const before = newHousehold();
    const after = newHousehold({ address: { street: 'Jl. Baru 1', rt: '003', rw: '001' } });
    const events: ProposalEvent[] = [
      {
        type: 'ProposalDrafted',
        data: {
          proposalId: ID,
          proposalType: 'new_household',
          regionCode: '52.02.01.2012',
          channel: 'operator',
          createdBy: operator,
          content: before,
        },
      },
      {
        type: 'ProposalAmended',
        data: { proposalId: ID, reason: 'alamat', changes: diff(before, after), content: after },
      },
      { type: 'ProposalSubmitted', data: { proposalId: ID, window: 'additions' } },
    ];
    const stored = [
      await toStoredEvent(events[0]!, null, port),
      await toStoredEvent(events[1]!, before, port),
      await toStoredEvent(events[2]!, after, port),
    ];
    for (const event of stored) expect(ProposalEventSchemas[event.type].data.safeParse(event.data).success).toBe(true);
    expect(JSON.stringify(stored)).not.toContain('Jl. Baru');
    const roundTrip = JSON.parse(JSON.stringify(stored)) as { type: string; data: unknown }[];
    expect(await Promise.all(roundTrip.map((event) => fromStoredEvent(event, port)))).toEqual(events);
  });

  it('the pii keyring fits both ports', () => {
    expectTypeOf<Keyring>().toExtend<PersonalDataSealer & PersonalDataOpener>();
  });
});

describe('disability and income band', () => {
  /** A household whose head has a disability, with its income band. */
  function disabledHead(): ProposalContent {
    const content = newHousehold();
    if (content.type !== 'new_household' || !content.household.housing) throw new Error('fixture');
    const [head, ...others] = content.household.members;
    if (!head) throw new Error('fixture');
    return {
      ...content,
      household: {
        ...content.household,
        housing: { ...content.household.housing, incomeBand: '600k_1m' },
        members: [{ ...head, disability: 'mental' }, ...others],
      },
    };
  }

  it('are sealed with the member’s and the household’s blocks, never in clear', async () => {
    const { port, forget } = memoryKeyring();
    const content = disabledHead();
    const record = await sealContent(content, ID, port);
    if (record.type !== 'new_household') throw new Error('type');
    for (const member of record.household.members) expect(member).not.toHaveProperty('disability');
    expect(record.household.housing).not.toHaveProperty('incomeBand');
    const json = JSON.stringify(record);
    for (const value of ['mental', '600k_1m', 'tidak_ada']) expect(json).not.toContain(value);
    expect(await openContent(record, port)).toEqual(content);
    // The head's disability goes with the head's key.
    const headNik = content.type === 'new_household' ? content.household.members[0]!.nik : '';
    forget(personSubject(port.blindIndex('nik', headNik)));
    expect(await openContent(record, port)).toBeNull();
  });

  it('still open from older records that carry them in clear, and are sealed when such a record is amended', async () => {
    const { port } = memoryKeyring();
    const content = disabledHead();
    if (content.type !== 'new_household' || !content.household.housing) throw new Error('fixture');
    // An older record: the same blocks without the two values, which stay in clear.
    const resealWithout = async (sealed: Sealed, key: string): Promise<Sealed> => {
      const { [key]: _dropped, ...rest } = (await port.open(sealed)) as Record<string, unknown>;
      return port.seal(sealed.sub, rest);
    };
    const current = await sealContent(content, ID, port);
    if (current.type !== 'new_household') throw new Error('type');
    const old: ContentRecord = {
      ...current,
      household: {
        ...current.household,
        housing: { ...current.household.housing!, incomeBand: '600k_1m' },
        personal: await resealWithout(current.household.personal, 'incomeBand'),
        members: await Promise.all(
          current.household.members.map(async (member, index) => ({
            ...member,
            disability: content.household.members[index]!.disability,
            personal: await resealWithout(member.personal, 'disability'),
          })),
        ),
      },
    };
    expect(ContentRecord.parse(old)).toEqual(old);
    expect(await openContent(old, port)).toEqual(content);
    // Amending it with unchanged personal data does not keep the old blocks (they lack the values).
    const amended = await sealContent(content, ID, port, { content, record: old });
    const json = JSON.stringify(amended);
    for (const value of ['mental', '600k_1m', 'tidak_ada']) expect(json).not.toContain(value);
    expect(await openContent(amended, port)).toEqual(content);
  });

  it('seal changes of either', async () => {
    const { port } = memoryKeyring();
    const before = newHousehold();
    const after = disabledHead();
    const records = await sealChanges(diff(before, after), { proposalId: ID, before, after }, port);
    expect(records.map((record) => record.path).sort()).toEqual([
      'household.housing.incomeBand',
      'household.members.0.disability',
    ]);
    for (const record of records) expect(record).toHaveProperty('personal');
    expect(JSON.stringify(records)).not.toContain('mental');
  });
});
