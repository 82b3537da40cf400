import { relayMessage } from '@siks/bus';
import { Topics } from '@siks/contracts';
import { migrate } from '@siks/pg';
import { createTestPlatform } from '@siks/platform';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../src/migrations.ts';
import { groupId, PROJECTION_NAMES } from '../src/projections/projection.ts';
import { runRebuildCommand } from '../src/rebuild/command.ts';
import { rebuildProjection, RebuildInProgressError, type RebuildProgress } from '../src/rebuild/rebuild.ts';
import { startWorkers, type Workers } from '../src/workers.ts';
import { startRelays, settle } from './support/settle.ts';
import { snapshot } from './support/snapshot.ts';
import { GERUNG, LENENG, playScenario, PRAYA } from './support/scenario.ts';
import { Story } from './support/story.ts';

const url = await useTestDatabase('reporting_projections');
const platform = await createTestPlatform(url, 'reporting-projections');
await migrate(platform.pool, [migrations]);
const relays = startRelays(platform);
let workers: Workers;

beforeAll(async () => {
  workers = await startWorkers({ pool: platform.pool, bus: platform.bus, checkIntervalMs: 100 });
  await playScenario(new Story(platform));
  await settle(relays, platform.pool, platform.bus);
}, 60_000);

afterAll(async () => {
  await workers?.stop();
  await platform.close();
});

const rows = async (sql: string, params: unknown[] = []) => (await platform.pool.query(sql, params)).rows;

/**
 * `proposal_days` as counted afresh from `proposals` (the migration's backfill query): each
 * drafted, submitted and applied time per regency and local day in the three zones.
 */
async function daysCounted(): Promise<{ expected: unknown[]; actual: { metric: string }[] }> {
  const expected = await rows(
    `SELECT m.metric, o.h AS utc_offset, to_char(((m.at AT TIME ZONE 'UTC') + make_interval(hours => o.h))::date, 'YYYY-MM-DD') AS day,
            substring(p.region_code from 1 for 5) AS region_code, count(*)::int AS n
       FROM reporting.proposals p
      CROSS JOIN LATERAL (VALUES ('drafted', p.drafted_at), ('submitted', p.first_submitted_at), ('applied', p.applied_at)) m(metric, at)
      CROSS JOIN unnest(ARRAY[7, 8, 9]) o(h)
      WHERE m.at IS NOT NULL AND p.region_code IS NOT NULL
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
  );
  const actual = await rows(
    `SELECT metric, utc_offset, to_char(day, 'YYYY-MM-DD') AS day, region_code, n FROM reporting.proposal_days
      ORDER BY 1, 2, 3, 4`,
  );
  return { expected, actual };
}

describe('projections fed from the four topics', () => {
  it('counts drafted, submitted and applied proposals per regency and day as the rows count them', async () => {
    const { expected, actual } = await daysCounted();
    expect(actual).toEqual(expected);
    const metrics = new Set(actual.map((row) => row.metric));
    expect([...metrics].sort()).toEqual(['applied', 'drafted', 'submitted']);
  });

  it('counts proposals by village, type, channel and stage', async () => {
    const counts = await rows(
      `SELECT region_code, proposal_type, channel, stage, applied, n FROM reporting.proposal_counts
       ORDER BY region_code, proposal_type, channel, stage, applied`,
    );
    expect(counts).toEqual(
      [
        {
          region_code: GERUNG,
          proposal_type: 'deactivate',
          channel: 'operator',
          stage: 'approved',
          applied: true,
          n: 1,
        },
        {
          region_code: GERUNG,
          proposal_type: 'new_household',
          channel: 'operator',
          stage: 'approved',
          applied: true,
          n: 1,
        },
        {
          region_code: PRAYA,
          proposal_type: 'new_household',
          channel: 'musdes',
          stage: 'rejected',
          applied: false,
          n: 1,
        },
        {
          region_code: PRAYA,
          proposal_type: 'new_household',
          channel: 'operator',
          stage: 'approved',
          applied: true,
          n: 1,
        },
        {
          region_code: PRAYA,
          proposal_type: 'new_household',
          channel: 'operator',
          stage: 'withdrawn',
          applied: false,
          n: 1,
        },
        {
          region_code: LENENG,
          proposal_type: 'new_household',
          channel: 'field',
          stage: 'submitted',
          applied: false,
          n: 1,
        },
      ].sort((x, y) => (x.region_code < y.region_code ? -1 : x.region_code > y.region_code ? 1 : 0)),
    );
  });

  it('counts households by village and status', async () => {
    expect(await rows('SELECT region_code, status, n FROM reporting.household_counts ORDER BY region_code')).toEqual([
      { region_code: GERUNG, status: 'inactive', n: 1 },
      { region_code: PRAYA, status: 'active', n: 1 },
    ]);
  });

  it('keeps decisions with their submission time and reasons', async () => {
    const decisions = await rows(
      `SELECT region_code, decision, round, reason, fields, extract(epoch FROM decided_at - submitted_at) > 0 AS timed
       FROM reporting.decisions ORDER BY decided_at`,
    );
    expect(decisions.map((d) => d.decision)).toEqual([
      'returned',
      'rejected',
      'verified',
      'verified',
      'verified',
      'approved',
      'approved',
      'approved',
    ]);
    expect(decisions[0]).toMatchObject({
      region_code: PRAYA,
      round: 1,
      reason: 'nama tidak sesuai KTP',
      fields: ['household.members.0.name'],
      timed: true,
    });
    expect(decisions[1]).toMatchObject({ reason: 'NIK sudah terdaftar di rumah tangga lain', fields: null });
    expect(decisions[4]).toMatchObject({ region_code: PRAYA, round: 2, reason: null });
  });

  it('records what each person did, in the village it concerned', async () => {
    const actions = await rows(
      `SELECT actor_id, action, count(*)::int AS n, min(region_code) AS region FROM reporting.operator_actions
       GROUP BY actor_id, action ORDER BY actor_id, action`,
    );
    expect(actions).toContainEqual({ actor_id: `op-${PRAYA}`, action: 'drafted', n: 2, region: PRAYA });
    expect(actions).toContainEqual({ actor_id: 'op-praya-2', action: 'drafted', n: 1, region: PRAYA });
    expect(actions).toContainEqual({ actor_id: `op-${PRAYA}`, action: 'amended', n: 1, region: PRAYA });
    expect(actions).toContainEqual({ actor_id: `op-${PRAYA}`, action: 'uploaded', n: 1, region: PRAYA });
    expect(actions).toContainEqual({ actor_id: 'ver-52.02', action: 'returned', n: 1, region: PRAYA });
    expect(actions).toContainEqual({ actor_id: 'adm-52.01', action: 'approved', n: 2, region: GERUNG });
    expect(actions.filter((a) => a.actor_id === 'system' || a.actor_id === 'intake')).toEqual([]);
  });

  it('keeps the latest round of each automated check', async () => {
    const findings = await rows(
      `SELECT check_name, result, round FROM reporting.quality_findings WHERE result <> 'pass' ORDER BY check_name`,
    );
    expect(findings).toEqual([{ check_name: 'duplicate_nik', result: 'fail', round: 1 }]);
  });

  it('audits every event, with region, and never personal data', async () => {
    const count = await rows(
      'SELECT count(*)::int AS n, count(region_code)::int AS located FROM reporting.audit_events',
    );
    const events = await rows('SELECT count(*)::int AS n FROM eventstore.events');
    expect(count[0]).toEqual({ n: events[0]!.n, located: events[0]!.n });
    const amended = await rows(
      `SELECT changes, reason FROM reporting.audit_events WHERE event_type = 'ProposalAmended'`,
    );
    expect(amended[0]).toEqual({
      changes: [
        { path: 'household.housing.floorType', from: 'tanah', to: 'semen' },
        { path: 'household.members.0.name' },
      ],
      reason: 'nama diperbaiki sesuai KTP',
    });
    const all = JSON.stringify(await rows('SELECT * FROM reporting.audit_events'));
    expect(all).not.toContain('Lalu Ahmad');
    expect(all).not.toContain('5202011203800001');
    expect(all).not.toContain('$sealed');
  });
});

describe('rebuild', () => {
  it('rebuilds every projection from scratch, row for row equal to the live one, and the workers follow', async () => {
    const events = Number((await rows('SELECT count(*) FROM eventstore.events'))[0]!.count);
    // One event per batch first (a stream, a household, a region spread over many batches: the rebuild's
    // update paths), then the default (whole topics at once: its bulk loads).
    for (const [generation, maxBatchSize] of [
      [2, 1],
      [3, 5000],
    ] as const) {
      for (const name of PROJECTION_NAMES) {
        const before = await snapshot(platform.pool, name);
        const phases = new Set<string>();
        const liveCounts: Promise<number>[] = [];
        const membersAtSwap: Promise<number>[] = [];
        const result = await rebuildProjection({ pool: platform.pool, bus: platform.bus }, name, {
          onProgress: (progress: RebuildProgress) => {
            phases.add(progress.phase);
            // The rebuild's consumers have left the group before the workers may join it (after the swap).
            if (progress.phase === 'swapping') {
              membersAtSwap.push(
                rows('SELECT count(*)::int AS n FROM bus.group_members WHERE group_id = $1', [
                  groupId(name, generation),
                ]).then((r) => r[0]!.n),
              );
            }
            // While the shadow fills, the service still reads the whole live projection.
            if (name === 'audit' && progress.phase === 'catching_up') {
              liveCounts.push(rows('SELECT count(*)::int AS n FROM reporting.audit_events').then((r) => r[0]!.n));
            }
          },
          handoverMs: 0,
          maxBatchSize,
        });
        expect(result).toMatchObject({ projection: name, generation });
        expect([...phases]).toEqual(['preparing', 'catching_up', 'swapping', 'handing_over', 'done']);
        expect(await Promise.all(membersAtSwap)).toEqual([0]);
        expect(await snapshot(platform.pool, name)).toEqual(before);
        if (name === 'audit') {
          expect(result.events).toBe(events);
          expect(liveCounts.length).toBeGreaterThan(0);
          expect(await Promise.all(liveCounts)).toEqual(liveCounts.map(() => events));
        }
        const leftovers = await rows(
          `SELECT tablename FROM pg_tables WHERE schemaname = 'reporting' AND tablename LIKE '%\\_\\_next'`,
        );
        expect(leftovers).toEqual([]);
      }
    }
    const until = Date.now() + 10_000;
    while (Object.values(workers.generations()).some((g) => g !== 3) && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(workers.generations()).toEqual(Object.fromEntries(PROJECTION_NAMES.map((name) => [name, 3])));
    // The rebuilt day counters still equal a count of the rebuilt rows.
    const days = await daysCounted();
    expect(days.actual.length).toBeGreaterThan(0);
    expect(days.actual).toEqual(days.expected);
    // The rebuilt tables kept the live index names (the next rebuild copies them again).
    const indexes = await rows(
      `SELECT indexname FROM pg_indexes WHERE schemaname = 'reporting' AND tablename = 'audit_events' ORDER BY 1`,
    );
    expect(indexes.map((row) => row.indexname)).toEqual([
      'audit_events_actor',
      'audit_events_document',
      'audit_events_household',
      'audit_events_pending',
      'audit_events_pkey',
      'audit_events_proposal',
      'audit_events_region',
      'audit_events_time',
    ]);
  });

  it('feeds the rebuilt projection afterwards, through the new generation', async () => {
    const story = new Story(platform, '2025-08-01T02:00:00.000Z');
    await story.draft({ village: LENENG });
    await settle(relays, platform.pool, platform.bus);
    const counts = await rows(`SELECT n FROM reporting.proposal_counts WHERE region_code = $1 AND stage = 'draft'`, [
      LENENG,
    ]);
    expect(counts).toEqual([{ n: 1 }]);
  });

  it('applies nothing twice when the relay publishes events again', async () => {
    const before = await Promise.all(PROJECTION_NAMES.map((name) => snapshot(platform.pool, name)));
    const all = await platform.store.readAll({ maxCount: 10_000 });
    const topics: [string, string[]][] = [
      [Topics.intakeProposals, ['proposal-']],
      [Topics.documentEvidence, ['document-']],
      [Topics.verificationCases, ['case-']],
      [Topics.registryHouseholds, ['household-', 'access-']],
    ];
    for (const [topic, prefixes] of topics) {
      const mine = all.filter((event) => prefixes.some((prefix) => event.streamId.startsWith(prefix)));
      await platform.bus.publish(
        topic,
        mine.map((event) => relayMessage(event, prefixes)),
      );
    }
    await settle(relays, platform.pool, platform.bus);
    const after = await Promise.all(PROJECTION_NAMES.map((name) => snapshot(platform.pool, name)));
    expect(after).toEqual(before);
    const days = await daysCounted();
    expect(days.actual).toEqual(days.expected);
  });

  it('runs as `siks rebuild <projection>` with progress, and refuses a second rebuild at once', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t), env: {} };
    const before = await snapshot(platform.pool, 'quality');
    expect(await runRebuildCommand(['quality', '--database-url', url], io)).toBe(0);
    expect(out.join('')).toMatch(/^quality: generation 4 is live — \d+ events \(\d+ messages\) in [\d.]+ s/);
    expect(err.join('')).toContain('quality    [██████████████████████████████] 100%');
    expect(await snapshot(platform.pool, 'quality')).toEqual(before);

    expect(await runRebuildCommand(['nonsense'], io)).toBe(2);
    expect(err.join('')).toContain('unknown projection "nonsense"');

    const lock = await platform.pool.connect();
    try {
      await lock.query(`SELECT pg_advisory_lock(hashtextextended('reporting.rebuild:' || 'quality', 0))`);
      await expect(rebuildProjection({ pool: platform.pool, bus: platform.bus }, 'quality')).rejects.toThrow(
        RebuildInProgressError,
      );
    } finally {
      await lock.query('SELECT pg_advisory_unlock_all()');
      lock.release();
    }
  });
});
