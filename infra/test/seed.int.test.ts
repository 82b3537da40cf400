import { randomBytes } from 'node:crypto';
import { createPool } from '@siks/pg';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { runSeed } from '../seed/seed.ts';

const url = await useTestDatabase('infra_seed');
const pool = createPool({ url, max: 2, applicationName: 'seed-test' });
afterAll(() => pool.end());

const piiKeys = { master: randomBytes(32).toString('base64'), blindIndex: randomBytes(32).toString('base64') };
const count = async (sql: string): Promise<number> => Number((await pool.query<{ n: string }>(sql)).rows[0]?.n);

describe('pnpm siks seed', () => {
  it('fills a province through the services, and a second run adds nothing', async () => {
    const options = { databaseUrl: url, households: 12, province: '52', seed: 'ci', piiKeys, concurrency: 8 };
    const phases = new Set<string>();
    const first = await runSeed({ ...options, onProgress: (phase) => phases.add(phase) });

    expect(first.households).toBe(12);
    expect([...phases]).toEqual(
      expect.arrayContaining(['proposals', 'checks', 'decisions', 'approvals', 'registry', 'cut-offs', 'reporting']),
    );
    const approved = (first.outcomes['approved'] ?? 0) - first.approvalsHeldAsDuplicates;
    expect(approved).toBeGreaterThan(0);
    expect(await count('SELECT count(*) AS n FROM intake.proposals')).toBe(12);
    expect(await count(`SELECT count(*) AS n FROM intake.proposals WHERE status = 'approved'`)).toBe(approved);
    expect(await count('SELECT count(*) AS n FROM registry.households')).toBe(approved);
    expect(await count('SELECT count(*) AS n FROM registry.members')).toBeGreaterThanOrEqual(approved);
    // Every household is in a village of province 52, and the regencies fixed a cut-off.
    expect(await count(`SELECT count(*) AS n FROM intake.proposals WHERE region_code NOT LIKE '52.%'`)).toBe(0);
    expect(await count('SELECT count(*) AS n FROM registry.cutoffs')).toBe(first.cutoffs);
    // Reporting caught up by its rebuilds: every proposal in its read model, the live generation past 0.
    expect(await count('SELECT count(*) AS n FROM reporting.proposals')).toBe(12);
    expect(await count('SELECT min(generation) AS n FROM reporting.projections')).toBeGreaterThan(0);
    // Through the store's append path: chained, and nothing written behind the log.
    expect(await count(`SELECT count(*) AS n FROM eventstore.streams WHERE stream_id LIKE 'proposal-%'`)).toBe(12);

    const events = await count('SELECT count(*) AS n FROM eventstore.events');
    const again = await runSeed(options);
    expect(await count('SELECT count(*) AS n FROM eventstore.events')).toBe(events);
    expect(again.cutoffs).toBe(0);
  }, 120_000);
});
