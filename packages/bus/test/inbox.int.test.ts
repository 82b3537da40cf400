import { afterAll, describe, expect, it } from 'vitest';
import { createPool, migrate, withTransaction } from '@siks/pg';
import { useTestDatabase } from '@siks/testing/vitest';
import { busMigrations, processedOnce } from '../src/index.ts';

const url = await useTestDatabase('bus_inbox');
const pool = createPool({ url, max: 5, applicationName: 'bus-inbox' });
await migrate(pool, [busMigrations]);
afterAll(() => pool.end());

describe('processedOnce', () => {
  it('is true the first time an event is marked for a consumer, false after, and per consumer', async () => {
    expect(await withTransaction(pool, (client) => processedOnce(client, 'registry', 'event-1'))).toBe(true);
    expect(await withTransaction(pool, (client) => processedOnce(client, 'registry', 'event-1'))).toBe(false);
    expect(await withTransaction(pool, (client) => processedOnce(client, 'reporting', 'event-1'))).toBe(true);
  });

  it('commits with the effect of the handler, or not at all', async () => {
    await pool.query('CREATE TABLE effects (event_id text PRIMARY KEY)');
    const handle = (eventId: string, fail: boolean) =>
      withTransaction(pool, async (client) => {
        if (!(await processedOnce(client, 'projector', eventId))) return 'skipped';
        await client.query('INSERT INTO effects (event_id) VALUES ($1)', [eventId]);
        if (fail) throw new Error('handler failed after its effect');
        return 'applied';
      });
    await expect(handle('event-2', true)).rejects.toThrow('handler failed');
    expect((await pool.query('SELECT count(*)::int AS n FROM effects')).rows[0].n).toBe(0);
    expect(await handle('event-2', false)).toBe('applied');
    expect(await handle('event-2', false)).toBe('skipped');
    expect((await pool.query('SELECT count(*)::int AS n FROM effects')).rows[0].n).toBe(1);
  });

  it('makes a concurrent delivery of the same event wait for the first and then skip it', async () => {
    const first = await pool.connect();
    const second = await pool.connect();
    try {
      await first.query('BEGIN');
      await second.query('BEGIN');
      expect(await processedOnce(first, 'verification', 'event-3')).toBe(true);
      const waiting = processedOnce(second, 'verification', 'event-3');
      await first.query('COMMIT');
      expect(await waiting).toBe(false);
      await second.query('COMMIT');

      await first.query('BEGIN');
      await second.query('BEGIN');
      expect(await processedOnce(first, 'verification', 'event-4')).toBe(true);
      const afterRollback = processedOnce(second, 'verification', 'event-4');
      await first.query('ROLLBACK');
      expect(await afterRollback).toBe(true);
      await second.query('COMMIT');
    } finally {
      first.release();
      second.release();
    }
  });
});
