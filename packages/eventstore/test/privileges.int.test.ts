import { randomBytes } from 'node:crypto';
import { createPool, migrate } from '@siks/pg';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresEventStore, eventStoreGrantsSql, eventstoreMigrations } from '../src/index.ts';
import { appendEvents } from '../src/postgres/append.ts';
import { testEvents } from './fixtures.ts';

const url = await useTestDatabase('eventstore_privileges');
const owner = createPool({ url, max: 2, applicationName: 'privileges-owner' });
const role = `svc_${randomBytes(4).toString('hex')}`;
const password = randomBytes(12).toString('hex');
const serviceUrl = (() => {
  const parsed = new URL(url);
  parsed.username = role;
  parsed.password = password;
  return parsed.toString();
})();
const service = createPool({ url: serviceUrl, max: 2, applicationName: 'privileges-service' });

beforeAll(async () => {
  await migrate(owner, [eventstoreMigrations]);
  // What the production layout grants a service (infra/src/layout.ts): the schema, reads, and
  // the append functions running with the owner's rights; no writes.
  await owner.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
  await owner.query(eventStoreGrantsSql([role]));
});
afterAll(async () => {
  await service.end();
  await owner.query(`DROP OWNED BY ${role}`);
  await owner.query(`DROP ROLE ${role}`);
  await owner.end();
});

describe('least privilege (eventStoreGrantsSql)', () => {
  it('lets a service role append and read through the store, and refuses its raw writes', async () => {
    const store = createPostgresEventStore({ pool: service, notify: 'off' });
    await store.append('proposal-a', testEvents(2), 'no_stream');
    await store.append('proposal-a', testEvents(1), 1);
    expect((await store.readAll()).map((event) => event.revision)).toEqual([0, 1, 2]);
    expect(await store.verifyStream('proposal-a')).toMatchObject({ status: 'verified', events: 3 });
    await expect(
      service.query(
        `INSERT INTO eventstore.events (stream_id, revision, event_id, type, schema_version, data, metadata, hash)
         VALUES ('proposal-x', 0, gen_random_uuid(), 'Forged', 1, '{}', '{}', '\\x00')`,
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(service.query(`UPDATE eventstore.streams SET revision = 0`)).rejects.toThrow(/permission denied/);
    await expect(service.query(`DELETE FROM eventstore.events`)).rejects.toThrow(/permission denied/);
    await store.close();
  });

  it('lets a service role append twice in one transaction (SECURITY DEFINER with SET search_path keeps the appender mark)', async () => {
    // The grants give the append functions `SET search_path`; a function with a SET clause
    // restores settings at its exit, and the appender mark (`eventstore.appending`, set local by
    // the first append) must outlive it, or the second append is refused as "wrote before it
    // appended". Both appends and the mark are checked as the service role.
    const definers = await owner.query<{ proname: string; prosecdef: boolean; proconfig: string[] | null }>(
      `SELECT proname, prosecdef, proconfig FROM pg_proc
        WHERE pronamespace = 'eventstore'::regnamespace AND proname IN ('append', 'append_many') ORDER BY proname`,
    );
    expect(definers.rows).toEqual([
      { proname: 'append', prosecdef: true, proconfig: ['search_path=pg_catalog, pg_temp'] },
      { proname: 'append_many', prosecdef: true, proconfig: ['search_path=pg_catalog, pg_temp'] },
    ]);
    const client = await service.connect();
    try {
      await client.query('BEGIN');
      await appendEvents(client, 'proposal-tx-1', testEvents(1), 'no_stream', false);
      expect((await client.query(`SELECT current_setting('eventstore.appending', true) AS mark`)).rows[0]).toEqual({
        mark: 'on',
      });
      await appendEvents(client, 'proposal-tx-2', testEvents(2), 'no_stream', false);
      await appendEvents(client, 'proposal-tx-1', testEvents(1), 0, false);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
    const revisions = await owner.query<{ stream_id: string; revision: string; transaction_id: string }>(
      `SELECT stream_id, revision, transaction_id::text FROM eventstore.events
        WHERE stream_id LIKE 'proposal-tx-%' ORDER BY position`,
    );
    expect(revisions.rows.map((row) => `${row.stream_id}@${row.revision}`)).toEqual([
      'proposal-tx-1@0',
      'proposal-tx-2@0',
      'proposal-tx-2@1',
      'proposal-tx-1@1',
    ]);
    expect(new Set(revisions.rows.map((row) => row.transaction_id)).size).toBe(1);
  });

  it('still refuses, as the service role, an append after the transaction wrote something else', async () => {
    const client = await service.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT set_config('application_name', 'x', true), pg_current_xact_id()`);
      await expect(appendEvents(client, 'proposal-late-writer', testEvents(1), 'no_stream', false)).rejects.toThrow(
        /must append before it writes/,
      );
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
