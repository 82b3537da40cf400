import { createPool } from '@siks/pg';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { copyNewRows, copyRows } from '../src/projections/copy.ts';
import { insertRows, upsertRows, type TableShape } from '../src/projections/sql.ts';

interface Row {
  id: string;
  note: string | null;
  n: number | null;
  ok: boolean | null;
  at: string | null;
  doc: unknown;
}

const SHAPE: TableShape<Row> = {
  key: ['id'],
  columns: { id: 'uuid', note: 'text', n: 'integer', ok: 'boolean', at: 'timestamptz', doc: 'jsonb' },
};

const ROWS: Row[] = [
  {
    id: '01978f3c-1111-7000-8000-000000000001',
    note: 'tab\there, new\nline, cr\r, back\\slash, \\N, \\., "quotes", {braces}, ÄÖ ✓ 🙂',
    n: -7,
    ok: true,
    at: '2025-06-18T09:30:00.123+07:00',
    doc: { path: 'a.b', from: 'x\ty', to: ['\\', '\n', null, 1.5, { deep: '"' }], empty: '' },
  },
  { id: '01978f3c-1111-7000-8000-000000000002', note: '', n: 0, ok: false, at: null, doc: [] },
  { id: '01978f3c-1111-7000-8000-000000000003', note: null, n: null, ok: null, at: null, doc: null },
  { id: '01978f3c-1111-7000-8000-000000000004', note: 'NULL', n: 2147483647, ok: false, at: null, doc: 'text' },
];

const url = await useTestDatabase('reporting_copy');
const pool = createPool({ url, max: 2, applicationName: 'reporting-copy-test' });
afterAll(() => pool.end());

const table = async (name: string): Promise<string> => {
  await pool.query(
    `CREATE TABLE ${name} (id uuid PRIMARY KEY, note text, n integer, ok boolean, at timestamptz, doc jsonb)`,
  );
  return name;
};
const contents = async (name: string): Promise<unknown[]> =>
  (await pool.query(`SELECT to_jsonb(t) AS row FROM ${name} t ORDER BY id`)).rows.map((row) => row.row);

describe('COPY into a rebuild’s tables', () => {
  it('stores exactly what an INSERT of the same rows stores', async () => {
    const copied = await table('copied');
    const inserted = await table('inserted');
    const client = await pool.connect();
    try {
      await copyRows(client, copied, ROWS, SHAPE);
    } finally {
      client.release();
    }
    await insertRows(pool, inserted, ROWS, SHAPE);
    expect(await contents(copied)).toEqual(await contents(inserted));
    expect(await contents(copied)).toHaveLength(ROWS.length);
  });

  it('falls back to the caller’s INSERT when a key exists after all, keeping the transaction usable', async () => {
    const name = await table('fallback');
    await insertRows(pool, name, [{ ...ROWS[1]!, note: 'stored before' }], SHAPE);
    const client = await pool.connect();
    let fellBack = false;
    try {
      await client.query('BEGIN');
      await copyNewRows(client, name, ROWS, SHAPE, async () => {
        fellBack = true;
        await upsertRows(client, name, ROWS, SHAPE);
      });
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect(fellBack).toBe(true);
    const expected = await table('expected');
    await insertRows(pool, expected, ROWS, SHAPE);
    expect(await contents(name)).toEqual(await contents(expected));
  });

  it('fails the batch on any other error', async () => {
    const name = await table('strict');
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await expect(
        copyNewRows(client, name, [{ ...ROWS[0]!, n: 1.5 }], SHAPE, () => Promise.resolve()),
      ).rejects.toMatchObject({ code: '22P02' });
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect(await contents(name)).toEqual([]);
  });
});
