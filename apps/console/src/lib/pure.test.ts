import { describe, expect, it } from 'vitest';
import { mergeTimeline, revisionContinuity, type ReportAuditEntry } from '../audit/timeline.ts';
import { chartGeometry, niceMax } from './chart.ts';
import { toCsv } from './csv.ts';
import { randomId } from './ids.ts';
import { matchRoute, routePath } from './router.ts';

describe('routes', () => {
  it('match the contract paths, static before parameters', () => {
    expect(matchRoute('/usulan/baru')).toEqual({ name: 'newProposal', params: {} });
    expect(matchRoute('/usulan/0190-abc')).toEqual({ name: 'proposal', params: { id: '0190-abc' } });
    expect(matchRoute('/dasbor')).toEqual({ name: 'dashboard', params: {} });
    expect(matchRoute('/dasbor/52.02/')).toEqual({ name: 'dashboard', params: { regionCode: '52.02' } });
    expect(matchRoute('/verifikasi/x')?.name).toBe('case');
    expect(matchRoute('/nowhere')).toBeUndefined();
    expect(routePath('dashboard')).toBe('/dasbor');
    expect(routePath('case', { proposalId: 'a b' })).toBe('/verifikasi/a%20b');
  });
});

describe('chart', () => {
  it('scales to a nice maximum and breaks the line at gaps', () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(7)).toBe(10);
    expect(niceMax(120)).toBe(200);
    const g = chartGeometry([
      { start: '2026-11-01', value: 0 },
      { start: '2026-11-02', value: 10 },
      { start: '2026-11-03', value: null },
      { start: '2026-11-04', value: 5 },
    ]);
    expect(g.max).toBe(10);
    expect(g.path.match(/M/g)).toHaveLength(2);
    expect(g.dots).toHaveLength(3);
    expect(g.dots[1]?.y).toBe(12);
    expect(g.dots[0]?.y).toBe(192);
  });
});

describe('csv', () => {
  it('quotes what needs quoting and defuses formulas', () => {
    expect(toCsv([['a', 'b,c', 'say "hi"', 3, null], ['=SUM(A1)']])).toBe('a,"b,c","say ""hi""",3,\r\n\'=SUM(A1)');
  });
});

describe('ids', () => {
  it('makes version-4 UUIDs from random bytes', () => {
    const id = randomId((bytes) => bytes.fill(0xff));
    expect(id).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });
});

describe('audit timeline', () => {
  const audit = (over: Partial<ReportAuditEntry>): ReportAuditEntry => ({
    eventId: 'e',
    type: 'ProposalAmended',
    occurredAt: '2026-11-28T01:00:00.000Z',
    actor: { userId: 'u1', role: 'operator_desa', regionCode: '52.02.01.2001' },
    channel: 'operator',
    reason: null,
    changes: [{ path: 'household.members.0.name' }],
    fields: null,
    streamId: 'proposal-p',
    revision: 1,
    ...over,
  });

  it('prefers the stream history’s opened changes and orders by time', () => {
    const merged = mergeTimeline(
      [
        audit({
          eventId: 'e1',
          type: 'ProposalDrafted',
          revision: 0,
          occurredAt: '2026-11-28T00:00:00.000Z',
          changes: null,
        }),
        audit({ eventId: 'e2' }),
        audit({
          eventId: 'c1',
          type: 'CaseOpened',
          streamId: 'case-p',
          revision: 0,
          occurredAt: '2026-11-28T02:00:00.000Z',
        }),
      ],
      [
        {
          eventId: 'e2',
          type: 'ProposalAmended',
          occurredAt: '2026-11-28T01:00:00.000Z',
          revision: 1,
          actor: { userId: 'u1', role: 'operator_desa' },
          channel: 'operator',
          reason: 'salah ketik',
          changes: [{ path: 'household.members.0.name', from: 'Siti', to: 'Siti Aminah' }],
        },
      ],
      'proposal-p',
    );
    expect(merged.map((entry) => entry.eventId)).toEqual(['e1', 'e2', 'c1']);
    expect(merged[1]?.reason).toBe('salah ketik');
    expect(merged[1]?.changes[0]).toEqual({ path: 'household.members.0.name', from: 'Siti', to: 'Siti Aminah' });
    expect(merged[1]?.streamId).toBe('proposal-p');
  });

  it('names the first missing revision of a stream', () => {
    expect(
      revisionContinuity([
        { streamId: 's', revision: 0 },
        { streamId: 's', revision: 1 },
      ]),
    ).toEqual({
      complete: ['s'],
      gaps: [],
    });
    expect(
      revisionContinuity([
        { streamId: 's', revision: 0 },
        { streamId: 's', revision: 2 },
      ]).gaps,
    ).toEqual([{ streamId: 's', missing: 1 }]);
  });
});

describe('check details in words', () => {
  it('names members, findings, distances and scope instead of paths and codes', async () => {
    const { checkDetailsText } = await import('../i18n/check-details.ts');
    expect(checkDetailsText({ findings: ['household.members.0:no_reference'] }, 'id')).toEqual([
      'Anggota ke-1: Belum ada data pembanding Dukcapil',
    ]);
    expect(checkDetailsText({ photos: 2, distanceM: 18, failedPhotos: 1 }, 'id')).toEqual([
      'Foto terdekat 18 m dari lokasi rumah',
      '2 foto rumah, 1 tidak lolos',
    ]);
    const duplicate = checkDetailsText(
      { paths: ['household.members.1'], regions: [], outsideScope: true, activeHouseholds: 1, pendingProposals: 0 },
      'en',
    );
    expect(duplicate).toEqual(['Member 2', 'active in 1 other households', 'also outside your area']);
    for (const line of [...duplicate, ...checkDetailsText({ findings: ['person:nik.serial'] }, 'id', () => 'x')])
      expect(line).not.toMatch(/[a-z]+_[a-z]+|[a-z][A-Z]/);
  });
});

describe('people', () => {
  it('ages by birthday and masks identity numbers', async () => {
    const { ageOn, maskIdentity } = await import('./people.ts');
    expect(ageOn('1980-03-12', new Date(2026, 2, 11))).toBe(45);
    expect(ageOn('1980-03-12', new Date(2026, 2, 12))).toBe(46);
    expect(ageOn('not-a-date', new Date())).toBeUndefined();
    expect(maskIdentity('5202011203800001')).toBe('5202••••••••0001');
    expect(maskIdentity('12')).toBe('••••');
  });
});

describe('dashboard statuses', () => {
  it('give every held status a column, in lifecycle order, so the columns add up to the total', async () => {
    const { stagesOf } = await import('./stages.ts');
    const rows: { byStatus: Record<string, number> }[] = [
      { byStatus: { submitted: 1, checks_done: 1, verified: 0 } },
      { byStatus: { approved: 2, some_new_status: 1 } },
    ];
    expect(stagesOf(rows)).toEqual(['submitted', 'checks_done', 'approved', 'some_new_status']);
    for (const row of rows) {
      const total = Object.values(row.byStatus).reduce((sum, count) => sum + count, 0);
      const shown = stagesOf(rows).reduce(
        (sum, stage) => sum + ((row.byStatus as Record<string, number>)[stage] ?? 0),
        0,
      );
      expect(shown).toBe(total);
    }
  });
});

describe('Indonesian formats', () => {
  it('write months and durations as people do', async () => {
    const { formatHours, formatMonth } = await import('./format.ts');
    expect(formatMonth('2026-12', 'id')).toBe('Desember 2026');
    expect(formatMonth('2026-12', 'en')).toBe('December 2026');
    expect(formatHours(0.03, 'id')).toBe('2 menit');
    expect(formatHours(3.5, 'id')).toBe('3,5 jam');
    expect(formatHours(50, 'id')).toBe('2,1 hari');
  });
});
