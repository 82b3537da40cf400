import { randomBytes } from 'node:crypto';
import { createPool, migrate } from '@siks/pg';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresEventStore, eventStoreGrantsSql, eventstoreMigrations } from '../src/index.ts';
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
});
