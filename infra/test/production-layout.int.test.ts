/**
 * The production layout, run: the event store in its own database, the subject keys in a keyring
 * database, a database per service, each service connecting with its own least-privilege role
 * (set up by infra/src/layout.ts), every service its own process, the Kafka protocol as the bus
 * (librdkafka's mock cluster, or `KAFKA_BROKERS`), the gateway in front. The same end-to-end flow
 * as the pipeline test, then what each role may and may not do.
 */
import { randomBytes } from 'node:crypto';
import { mockClusterUnavailable } from '@siks/bus/kafka-peer';
import { createPool, type Pool } from '@siks/pg';
import { createKeyring } from '@siks/pii';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSystemBus, type SystemBus } from '../src/bus-choice.ts';
import { dropProductionLayout, setUpProductionLayout, type ProductionLayout } from '../src/layout.ts';
import { busTraffic } from './support/bus-traffic.ts';
import { ALWAYS_OPEN, runPipelineFlow } from './support/pipeline-flow.ts';
import { startServiceProcesses, type ServiceProcesses } from './support/service-processes.ts';

const kafkaUnavailable = process.env['KAFKA_BROKERS'] ? undefined : mockClusterUnavailable();
const skip = kafkaUnavailable !== undefined && !process.env['CI'];

const run = randomBytes(3).toString('hex');
const passwords = new Map<string, string>();
const password = (role: string): string => {
  if (!passwords.has(role)) passwords.set(role, randomBytes(12).toString('base64url'));
  return passwords.get(role)!;
};

/** Runs `sql` as `role` on `database`; resolves with the error's SQLSTATE, or 'ok'. */
async function as(layout: ProductionLayout, role: string, database: string, sql: string): Promise<string> {
  const pool = createPool({ url: layout.urlOf(role, database), max: 1, applicationName: 'siks-layout-test' });
  try {
    await pool.query(sql);
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  } finally {
    await pool.end();
  }
}

const DENIED = '42501'; // insufficient_privilege

describe.skipIf(skip)(`the production layout${skip ? ` (skipped: ${kafkaUnavailable})` : ''}`, () => {
  const adminUrl = inject('pgAdminUrl');
  let layout: ProductionLayout | undefined;
  let bus: SystemBus | undefined;
  let processes: ServiceProcesses | undefined;

  beforeAll(async () => {
    layout = await setUpProductionLayout({
      adminUrl,
      databasePrefix: `layout_${run}_`,
      rolePrefix: `siks_${run}_`,
      password,
    });
    bus = await startSystemBus('kafka', layout.services.intake.DATABASE_URL);
    processes = await startServiceProcesses({
      databaseUrl: layout.services.gateway.DATABASE_URL,
      sharedMigrations: false,
      busUrl: bus.url,
      gateway: true,
      env: { ...bus.env, PROPOSAL_WINDOWS: ALWAYS_OPEN },
      perService: { ...layout.services },
      print: (line) => void process.stderr.write(`[layout] ${line}\n`),
    });
  }, 240_000);

  afterAll(async () => {
    await processes?.close();
    await bus?.stop();
    if (layout) await dropProductionLayout(adminUrl, layout);
  }, 120_000);

  it('runs the end-to-end flow with every service in its own database, on its own role', async () => {
    const { databases, services } = layout!;
    await runPipelineFlow({
      api: processes!.urls.gateway!,
      token: (role, region, userId) => processes!.token(role, region, userId),
      today: new Date().toISOString().slice(0, 10),
    });
    // The events are in the event store's database (appended by the services' roles through its
    // functions), none in a service's; the bus was Kafka.
    expect(await countEvents(adminUrl, databases.eventstore)).toBeGreaterThan(20);
    for (const name of ['intake', 'verification', 'registry', 'reporting', 'document'] as const) {
      expect(await hasSchema(adminUrl, databases[name], 'eventstore')).toBe(false);
      expect(await hasSchema(adminUrl, databases[name], 'pii')).toBe(false);
    }
    const traffic = await busTraffic(services.intake.DATABASE_URL, bus!.url);
    expect(traffic.postgres).toBe(0);
    expect(traffic.kafka).toBeGreaterThan(20);
  }, 300_000);

  it('lets a service role append only through the store, and read only its own read models', async () => {
    const { databases, roles } = layout!;
    const intake = roles.intake;
    // The log: readable, not writable, and its trigger cannot be switched off.
    expect(await as(layout!, intake, databases.eventstore, 'SELECT count(*) FROM eventstore.events')).toBe('ok');
    for (const sql of [
      'UPDATE eventstore.events SET type = type',
      'DELETE FROM eventstore.events',
      'TRUNCATE eventstore.events',
      `INSERT INTO eventstore.streams (stream_id, revision, last_hash) VALUES ('x', 0, '\\x00')`,
      'ALTER TABLE eventstore.events DISABLE TRIGGER USER',
      'CREATE TABLE public.sneaky (id int)',
    ]) {
      expect([sql, await as(layout!, intake, databases.eventstore, sql)]).toEqual([sql, DENIED]);
    }
    // Another service's database: no connection at all.
    expect(await as(layout!, intake, databases.registry, 'SELECT 1')).toBe(DENIED);
    expect(await as(layout!, roles.reporting, databases.intake, 'SELECT 1')).toBe(DENIED);
    // Its own: it owns its schema.
    expect(await as(layout!, intake, databases.intake, 'SELECT count(*) FROM intake.proposals')).toBe('ok');
    // The keyring: those that seal or open personal data read and add keys; intake and document
    // may forget (null a key), nobody deletes; reporting sees no key at all.
    expect(await as(layout!, roles.verification, databases.keyring, 'SELECT count(*) FROM pii.subject_keys')).toBe(
      'ok',
    );
    expect(await as(layout!, roles.reporting, databases.keyring, 'SELECT count(*) FROM pii.subject_keys')).toBe(DENIED);
    expect(await as(layout!, roles.document, databases.keyring, 'SELECT count(*) FROM pii.subject_keys')).toBe('ok');
    expect(await as(layout!, roles.registry, databases.keyring, 'UPDATE pii.subject_keys SET wrapped_key = NULL')).toBe(
      DENIED,
    );
    expect(await as(layout!, intake, databases.keyring, 'UPDATE pii.subject_keys SET key_version = 9')).toBe(DENIED);
    expect(await as(layout!, intake, databases.keyring, 'DELETE FROM pii.subject_keys')).toBe(DENIED);
    // Blind-index aliases (a key rotation): read by all of them, deleted only by a forgetter; the
    // re-index progress is the keyring owner's.
    const aliases = 'SELECT count(*) FROM pii.blind_index_aliases';
    expect(await as(layout!, roles.registry, databases.keyring, aliases)).toBe('ok');
    expect(await as(layout!, roles.registry, databases.keyring, 'DELETE FROM pii.blind_index_aliases')).toBe(DENIED);
    expect(await as(layout!, intake, databases.keyring, 'DELETE FROM pii.blind_index_aliases')).toBe('ok');
    expect(await as(layout!, intake, databases.keyring, 'SELECT count(*) FROM pii.blind_index_reindex')).toBe(DENIED);
  });

  it('seals in one service and opens in the others; a forgotten subject is forgotten for all', async () => {
    const { databases, roles } = layout!;
    const masterKey = randomBytes(32);
    const blindIndexKey = randomBytes(32);
    const pools: Pool[] = [];
    const keyringAs = (role: string) => {
      const pool = createPool({ url: layout!.urlOf(role, databases.keyring), max: 2, applicationName: 'siks-test' });
      pools.push(pool);
      return createKeyring({ pool, masterKey, blindIndexKey });
    };
    try {
      const subject = `person:layout-${run}`;
      const sealed = await keyringAs(roles.intake).seal(subject, { name: 'Siti Aminah' });
      expect(await keyringAs(roles.verification).open(sealed)).toEqual({ name: 'Siti Aminah' });
      expect(await keyringAs(roles.registry).open(sealed)).toEqual({ name: 'Siti Aminah' });
      await expect(keyringAs(roles.verification).forget(subject)).rejects.toMatchObject({ code: DENIED });
      await keyringAs(roles.intake).forget(subject);
      for (const role of [roles.intake, roles.verification, roles.registry]) {
        expect(await keyringAs(role).open(sealed)).toBeUndefined();
      }
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });
});

async function countEvents(adminUrl: string, database: string): Promise<number> {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const pool = createPool({ url: url.toString(), max: 1, applicationName: 'siks-layout-test' });
  try {
    const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM eventstore.events');
    return Number(rows[0]?.n ?? 0);
  } finally {
    await pool.end();
  }
}

async function hasSchema(adminUrl: string, database: string, schema: string): Promise<boolean> {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const pool = createPool({ url: url.toString(), max: 1, applicationName: 'siks-layout-test' });
  try {
    const { rows } = await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    return rows.length > 0;
  } finally {
    await pool.end();
  }
}
