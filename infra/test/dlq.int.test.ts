import { randomUUID } from 'node:crypto';
import {
  createPostgresBus,
  DeadLetterHeaders,
  ReplayHeaders,
  type Bus,
  type BusMessage,
  type Consumer,
  type ConsumerOptions,
} from '@siks/bus';
import { createPool, migrate } from '@siks/pg';
import { ID_NUMBER } from '@siks/testing';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDlq } from '../src/cli/dlq.ts';
import { ExitCode, sharedMigrations, type CliIo } from '../src/index.ts';

/**
 * `siks dlq` on real dead letters: a consumer group fails on some messages of a topic (another
 * group handles them), the bus dead-letters them, and the CLI lists, shows and replays them.
 */
const url = await useTestDatabase('dlq');
const pool = createPool({ url, max: 6, applicationName: 'test-dlq' });
await migrate(pool, sharedMigrations);
const env = { DATABASE_URL: url, USER: 'tester' };
/** A database nobody migrated. */
const bareUrl = await useTestDatabase('dlq_bare');

const TOPIC = { name: 'registry.households', partitions: 2 };
const FAILING = 'registry.households-to-reports';
const HEALTHY = 'registry.households-to-search';
const NIK = '5202011234560001';
const NAME = 'Siti Aminah Rahmawati';

let bus: Bus;
const consumers: Consumer[] = [];
afterAll(async () => {
  await Promise.all(consumers.map((consumer) => consumer.stop()));
  await bus?.close();
  await pool.end();
});

async function siks(argv: string[], extraEnv: CliIo['env'] = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runDlq(argv, {
    out: (text) => (out += text),
    err: (text) => (err += text),
    env: { ...env, ...extraEnv },
  });
  return { code, out, err };
}

/** A relayed event as the relay publishes it, with personal data in its data (sealed in real life). */
function relayed(type: string) {
  const eventId = randomUUID();
  const householdId = randomUUID();
  const event = {
    eventId,
    type,
    schemaVersion: 1,
    streamId: `household-${householdId}`,
    revision: 0,
    logPosition: '17',
    recordedAt: '2026-01-15T00:00:01.000Z',
    hash: 'ab'.repeat(32),
    data: { householdId, nik: NIK, headName: NAME },
    metadata: {
      actor: { userId: 'operator.x', role: 'operator_desa', regionCode: '52.02.01.2001' },
      channel: 'operator',
      occurredAt: '2026-01-15T08:00:00.000+08:00',
      correlationId: 'c-1',
      causationId: null,
      reason: `koreksi data ${NAME}`,
    },
  };
  return {
    eventId,
    message: {
      key: householdId,
      value: JSON.stringify(event),
      headers: { 'event-id': eventId, 'event-type': type, 'schema-version': '1', 'stream-id': event.streamId },
    },
  };
}

const seen: Record<string, string[]> = { [FAILING]: [], [HEALTHY]: [] };
let failingHandlerFixed = false;

async function consume(groupId: string, handle: ConsumerOptions['handle']): Promise<void> {
  consumers.push(
    await bus.consume({ groupId, topics: [TOPIC.name], fromBeginning: true, maxAttempts: 2, retryDelayMs: 5, handle }),
  );
}

const eventIdOf = (message: BusMessage): string => message.headers['event-id']!;

async function eventually(check: () => void | Promise<void>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

const poison = [relayed('HouseholdRegistered'), relayed('HouseholdRegistered'), relayed('HouseholdMoved')];
const fine = relayed('HouseholdRegistered');

beforeAll(async () => {
  bus = createPostgresBus({ pool, pollIntervalMs: 100 });
  await bus.ensureTopics([TOPIC]);
  const poisonIds = new Set<string>(poison.map((p) => p.eventId));
  await consume(FAILING, async (messages) => {
    for (const message of messages) {
      if (poisonIds.has(eventIdOf(message)) && !failingHandlerFixed) {
        // A careless handler that puts a NIK in its error: the CLI must not print it.
        throw new TypeError(`household of ${NIK} has no head\n    at project (reports.ts:12)`);
      }
    }
    seen[FAILING]!.push(...messages.map(eventIdOf));
  });
  await consume(HEALTHY, async (messages) => void seen[HEALTHY]!.push(...messages.map(eventIdOf)));
  await bus.publish(TOPIC.name, [fine.message, ...poison.map((p) => p.message)]);
  await eventually(async () => {
    expect(seen[HEALTHY]).toHaveLength(4);
    expect(seen[FAILING]).toEqual([fine.eventId]);
    const { rows } = await pool.query(
      "SELECT count(*)::int AS n FROM bus.messages WHERE topic = 'registry.households.dlq'",
    );
    expect(rows[0].n).toBe(3);
  });
});

const idsOf = async (): Promise<string[]> => {
  const { rows } = await pool.query<{ partition: number; offset: string }>(
    `SELECT partition, "offset" FROM bus.messages WHERE topic = 'registry.households.dlq' ORDER BY partition, "offset"`,
  );
  return rows.map((row) => `registry.households.dlq/${row.partition}/${row.offset}`);
};

const idOfEvent = async (eventId: string): Promise<string> => {
  const { rows } = await pool.query<{ partition: number; offset: string }>(
    `SELECT partition, "offset" FROM bus.messages WHERE topic = 'registry.households.dlq' AND headers ->> 'event-id' = $1`,
    [eventId],
  );
  return `registry.households.dlq/${rows[0]!.partition}/${rows[0]!.offset}`;
};

function expectNoPersonalData(text: string): void {
  expect(text).not.toMatch(ID_NUMBER);
  expect(text).not.toContain(NIK);
  expect(text).not.toContain('Aminah');
}

describe('siks dlq list', () => {
  it('counts dead letters per topic and group and lists their ids and errors, without personal data', async () => {
    const result = await siks(['list']);
    expect(result.code).toBe(ExitCode.ok);
    expect(result.out).toMatch(/registry\.households\.dlq\s+registry\.households-to-reports\s+3\s+0\n/);
    for (const id of await idsOf()) expect(result.out).toContain(`${id}  group ${FAILING}  from registry.households/`);
    expect(result.out).toContain(`event HouseholdMoved ${poison[2]!.eventId}`);
    expect(result.out).toContain('error: TypeError: household of •••••••••••••••• has no head\n');
    expect(result.out).toMatch(/attempts [23] /);
    expectNoPersonalData(result.out);
    expect(result.out).not.toContain(HEALTHY);

    const limited = await siks(['list', '--topic', 'registry.households', '--limit', '1']);
    expect(limited.out).toContain('(2 more: narrow with --topic, --group or --limit)');
    expect((await siks(['list', '--group', 'nobody'])).out).toBe('no dead letters\n');
  });

  it('asks for the migrations on a database without the bus tables', async () => {
    const result = await siks(['list'], { DATABASE_URL: bareUrl });
    expect(result.code).toBe(ExitCode.failed);
    expect(result.err).toContain('run `pnpm siks migrate`');
  });
});

describe('siks dlq show', () => {
  it('shows one letter’s envelope and the names of its data fields, never their values or a reason', async () => {
    const id = await idOfEvent(poison[0]!.eventId);
    const result = await siks(['show', id]);
    expect(result.code).toBe(ExitCode.ok);
    for (const line of [
      `dead letter ${id}`,
      `group: ${FAILING}`,
      `event id: ${poison[0]!.eventId}`,
      'type: HouseholdRegistered',
      'actor role: operator_desa',
      'actor region: 52.02.01.2001',
      'data fields: householdId, nik, headName',
      `header event-id: ${poison[0]!.eventId}`,
      'replayed: no',
    ]) {
      expect(result.out).toContain(`${line}\n`);
    }
    expectNoPersonalData(result.out);
    expect(result.out).not.toContain('koreksi');
    expect(result.out).not.toContain('operator.x');

    const missing = await siks(['show', 'registry.households.dlq/0/999']);
    expect(missing).toMatchObject({ code: ExitCode.failed, err: 'no dead letter registry.households.dlq/0/999\n' });
  });
});

describe('siks dlq replay', () => {
  it('needs a reason, and refuses a Kafka bus', async () => {
    const id = await idOfEvent(poison[0]!.eventId);
    expect((await siks(['replay', id])).code).toBe(ExitCode.usage);
    expect((await siks(['replay', '--topic', TOPIC.name, '--reason', 'x'])).code).toBe(ExitCode.usage);
    expect((await siks(['show', 'registry.households/0/1'])).code).toBe(ExitCode.usage);
    const kafka = await siks(['list'], { BUS_URL: 'kafka://broker:9092' });
    expect(kafka.code).toBe(ExitCode.usage);
    expect(kafka.err).toContain('PostgreSQL bus');
  });

  it('publishes one letter again for its group only, records who and why, and never twice', async () => {
    failingHandlerFixed = true;
    const target = poison[0]!;
    const id = await idOfEvent(target.eventId);
    const result = await siks(['replay', id, '--reason', 'reports handler fixed']);
    expect(result.code).toBe(ExitCode.ok);
    expect(result.out).toMatch(
      new RegExp(
        `^replayed ${id.replace(/\./g, '\\.')} to registry\\.households for group ${FAILING} \\(replay [0-9a-f-]{36}\\)\n$`,
      ),
    );
    await eventually(() => expect(seen[FAILING]).toEqual([fine.eventId, target.eventId]));

    const { rows } = await pool.query(
      'SELECT dead_letter_topic, source_topic, group_id, replayed_by, reason FROM bus.dead_letter_replays',
    );
    expect(rows).toEqual([
      {
        dead_letter_topic: 'registry.households.dlq',
        source_topic: TOPIC.name,
        group_id: FAILING,
        replayed_by: 'tester',
        reason: 'reports handler fixed',
      },
    ]);
    const republished = await pool.query<{ headers: Record<string, string> }>(
      `SELECT headers FROM bus.messages WHERE topic = $1 AND headers ? $2`,
      [TOPIC.name, ReplayHeaders.of],
    );
    expect(republished.rows).toHaveLength(1);
    expect(republished.rows[0]!.headers).toMatchObject({
      'event-id': target.eventId,
      [ReplayHeaders.of]: id,
      [ReplayHeaders.group]: FAILING,
    });
    expect(republished.rows[0]!.headers[DeadLetterHeaders.error]).toBeUndefined();

    const again = await siks(['replay', id, '--reason', 'once more']);
    expect(again.code).toBe(ExitCode.ok);
    expect(again.out).toMatch(new RegExp(`^skipped .* replayed already .* by tester\n$`));
    const count = await pool.query(`SELECT count(*)::int AS n FROM bus.messages WHERE topic = $1 AND headers ? $2`, [
      TOPIC.name,
      ReplayHeaders.of,
    ]);
    expect(count.rows[0].n).toBe(1);
    expect((await siks(['show', id])).out).toMatch(
      /replayed: \S+ by tester \(replay [0-9a-f-]{36}\): reports handler fixed\n/,
    );

    // The healthy group handled the event the first time and skips the replay.
    // A marker behind the replay on its partition: once the group has seen it, it passed the replay over.
    await bus.publish(TOPIC.name, [{ ...fine.message, key: target.message.key }]);
    await eventually(() => expect(seen[HEALTHY]!.filter((eventId) => eventId === fine.eventId)).toHaveLength(2));
    expect(seen[HEALTHY]!.filter((eventId) => eventId === target.eventId)).toHaveLength(1);
  });

  it('replays all of a group’s waiting letters of a topic, and lists them as replayed', async () => {
    const result = await siks([
      'replay',
      '--topic',
      'registry.households.dlq',
      '--group',
      FAILING,
      '--reason',
      'bulk',
      '--by',
      'ops.lead',
    ]);
    expect(result.code).toBe(ExitCode.ok);
    expect(result.out.trim().split('\n')).toHaveLength(2);
    await eventually(() =>
      expect(new Set(seen[FAILING])).toEqual(new Set([fine.eventId, ...poison.map((p) => p.eventId)])),
    );
    const listed = await siks(['list']);
    expect(listed.out).toMatch(/registry\.households-to-reports\s+3\s+3\n/);
    expect(listed.out).toContain('by ops.lead');
    const nothing = await siks(['replay', '--topic', TOPIC.name, '--group', FAILING, '--reason', 'bulk']);
    expect(nothing.out).toContain('nothing to replay');
  });
});
