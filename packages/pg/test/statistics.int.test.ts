import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { createPool, createStatisticsKeeper } from '../src/index.ts';

const url = await useTestDatabase('pg_statistics');
const pool = createPool({ url, max: 3, applicationName: 'pg-statistics-test' });
afterAll(() => pool.end());

/** What the planner believes the table holds (-1: never analysed). */
const believedRows = async (table: string): Promise<number> =>
  Number((await pool.query('SELECT reltuples FROM pg_class WHERE oid = to_regclass($1)', [table])).rows[0].reltuples);

/** Inserts rows and makes this backend's change counters visible at once (they are flushed about once a second). */
async function insertRows(table: string, from: number, to: number): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query(`INSERT INTO ${table} SELECT g, 'x' || g FROM generate_series($1::int, $2::int) g`, [from, to]);
    await client.query('SELECT pg_stat_force_next_flush()');
  } finally {
    client.release();
  }
}

const eventually = async (check: () => Promise<void>, ms = 10_000): Promise<void> => {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
};

describe('createStatisticsKeeper', () => {
  it('analyses a table that grew by a fifth since its last ANALYZE, and leaves one that did not', async () => {
    await pool.query('CREATE TABLE grown (id int PRIMARY KEY, v text)');
    await pool.query('CREATE TABLE steady (id int PRIMARY KEY, v text)');
    await insertRows('grown', 1, 1000);
    await insertRows('steady', 1, 10_000);
    await pool.query('ANALYZE grown, steady');
    expect(await believedRows('grown')).toBe(1000);

    await insertRows('grown', 1001, 11_000); // tenfold
    await insertRows('steady', 10_001, 10_500); // a twentieth
    const errors: unknown[] = [];
    const keeper = createStatisticsKeeper({
      pool,
      tables: ['public.grown', 'public.steady', 'public.missing'],
      minChangedRows: 100,
      minIntervalMs: 0,
      onError: (error) => errors.push(error),
    });
    await eventually(async () => {
      keeper.poke();
      expect(await believedRows('grown')).toBe(11_000);
    });
    await keeper.stop();
    expect(await believedRows('steady')).toBe(10_000);
    expect(errors).toEqual([]);
  });

  it('looks at most once per interval however often it is poked', async () => {
    await pool.query('CREATE TABLE poked (id int PRIMARY KEY, v text)');
    const changed = async (rows: number) =>
      eventually(async () => {
        const { rows: stats } = await pool.query(
          `SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relid = 'public.poked'::regclass`,
        );
        expect(Number(stats[0].n_mod_since_analyze)).toBeGreaterThanOrEqual(rows);
      });
    const keeper = createStatisticsKeeper({ pool, tables: ['public.poked'], minChangedRows: 1, minIntervalMs: 60_000 });
    await insertRows('poked', 1, 500);
    await changed(500);
    keeper.poke();
    keeper.poke();
    await eventually(async () => expect(await believedRows('poked')).toBe(500));

    await insertRows('poked', 501, 5000);
    await changed(4500);
    for (let i = 0; i < 5; i++) keeper.poke();
    await keeper.stop();
    expect(await believedRows('poked')).toBe(500);
  });
});
