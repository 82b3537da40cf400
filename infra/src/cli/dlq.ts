import { parseArgs } from 'node:util';
import {
  countDeadLetters,
  listDeadLetters,
  parseBusUrl,
  parseDeadLetterId,
  readDeadLetter,
  replayDeadLetter,
  type DeadLetter,
  type ReplayOutcome,
} from '@siks/bus';
import type { Pool } from '@siks/pg';
import { openDatabase } from './database.ts';
import { ExitCode, UsageError, type CliIo } from './io.ts';

/**
 * `siks dlq list|show|replay`: the dead letters of the PostgreSQL bus. Message values carry
 * sealed personal data, so nothing here prints a value: `list` prints metadata, `show` the
 * bus and event envelopes and the names (not the values) of the event's data fields.
 */
export const DLQ_USAGE = `usage:
  pnpm siks dlq list [--topic T] [--group G] [--limit N] [--database-url URL]
  pnpm siks dlq show <id> [--database-url URL]
  pnpm siks dlq replay <id> --reason TEXT [--by NAME] [--database-url URL]
  pnpm siks dlq replay --topic T --group G --reason TEXT [--by NAME] [--database-url URL]
A dead letter's id is <topic>.dlq/<partition>/<offset>; --topic takes a topic or its .dlq.`;

type DlqCommand =
  | { name: 'list'; topic?: string; groupId?: string; limit: number }
  | { name: 'show'; id: string }
  | { name: 'replay'; ids: string[]; topic?: string; groupId?: string; reason: string; by: string };

const DEFAULT_LIMIT = 50;
const dlqTopic = (topic: string): string => (topic.endsWith('.dlq') ? topic : `${topic}.dlq`);

/** Masks long digit runs (a NIK or KK number is 16 digits) in error text: errors should carry none. */
const maskDigits = (text: string): string => text.replace(/\d{12,}/g, (digits) => '•'.repeat(digits.length));
const summary = (error: string): string => {
  const line = maskDigits(error.split('\n')[0] ?? '');
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
};

function parse(argv: readonly string[], env: CliIo['env']): DlqCommand & { databaseUrl: string | undefined } {
  const [sub, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(
        ['topic', 'group', 'limit', 'reason', 'by', 'database-url'].map((name) => [name, { type: 'string' as const }]),
      ),
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const values = parsed.values as Record<string, string | undefined>;
  const [id, ...extra] = parsed.positionals;
  const databaseUrl = values['database-url'];
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (id !== undefined && !parseDeadLetterId(id)) {
    throw new UsageError(`"${id}" is not a dead letter id (<topic>.dlq/<partition>/<offset>)`);
  }
  switch (sub) {
    case 'list': {
      if (id !== undefined) throw new UsageError('dlq list takes no id (use dlq show)');
      const limit = Number(values['limit'] ?? DEFAULT_LIMIT);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive integer');
      return {
        name: 'list',
        databaseUrl,
        limit,
        ...(values['topic'] ? { topic: dlqTopic(values['topic']) } : {}),
        ...(values['group'] ? { groupId: values['group'] } : {}),
      };
    }
    case 'show':
      if (id === undefined) throw new UsageError('dlq show needs a dead letter id');
      return { name: 'show', id, databaseUrl };
    case 'replay': {
      const reason = values['reason']?.trim();
      if (!reason) throw new UsageError('dlq replay needs --reason (it is recorded with the replay)');
      const by = values['by'] ?? env['USER'] ?? env['LOGNAME'] ?? 'unknown';
      if (id !== undefined) {
        if (values['topic'] || values['group']) throw new UsageError('dlq replay takes an id or --topic and --group');
        return { name: 'replay', ids: [id], reason, by, databaseUrl };
      }
      if (!values['topic'] || !values['group']) {
        throw new UsageError('dlq replay needs an id, or --topic and --group to replay all of a group’s letters');
      }
      return {
        name: 'replay',
        ids: [],
        topic: dlqTopic(values['topic']),
        groupId: values['group'],
        reason,
        by,
        databaseUrl,
      };
    }
    default:
      throw new UsageError(`unknown dlq command "${sub ?? ''}" (list, show or replay)`);
  }
}

function printLetter(letter: DeadLetter, io: CliIo): void {
  const source = `${letter.source.topic}/${letter.source.partition}/${letter.source.offset}`;
  io.out(
    `${letter.id}  group ${letter.groupId}  from ${source}  attempts ${letter.attempts}  failed ${letter.failedAt}\n`,
  );
  const event = [letter.headers['event-type'], letter.headers['event-id']].filter(Boolean).join(' ');
  if (event) io.out(`  event ${event}\n`);
  io.out(`  error: ${summary(letter.error)}\n`);
  if (letter.replay) {
    io.out(
      `  replayed ${letter.replay.replayedAt} by ${letter.replay.replayedBy} (replay ${letter.replay.replayId})\n`,
    );
  }
}

async function list(pool: Pool, command: Extract<DlqCommand, { name: 'list' }>, io: CliIo): Promise<number> {
  const counts = (await countDeadLetters(pool)).filter(
    (count) =>
      (command.topic === undefined || count.topic === command.topic) &&
      (command.groupId === undefined || count.groupId === command.groupId),
  );
  if (counts.length === 0) {
    io.out('no dead letters\n');
    return ExitCode.ok;
  }
  const width = Math.max(...counts.map((count) => count.topic.length), 'TOPIC'.length);
  const groupWidth = Math.max(...counts.map((count) => count.groupId.length), 'GROUP'.length);
  io.out(`${'TOPIC'.padEnd(width)}  ${'GROUP'.padEnd(groupWidth)}  LETTERS  REPLAYED\n`);
  for (const count of counts) {
    io.out(
      `${count.topic.padEnd(width)}  ${count.groupId.padEnd(groupWidth)}  ${String(count.letters).padStart(7)}  ${String(count.replayed).padStart(8)}\n`,
    );
  }
  const total = counts.reduce((sum, count) => sum + count.letters, 0);
  const letters = await listDeadLetters(pool, {
    ...(command.topic ? { topic: command.topic } : {}),
    ...(command.groupId ? { groupId: command.groupId } : {}),
    limit: command.limit,
  });
  io.out('\n');
  for (const letter of letters) printLetter(letter, io);
  if (total > letters.length) io.out(`(${total - letters.length} more: narrow with --topic, --group or --limit)\n`);
  return ExitCode.ok;
}

/** The event envelope of a relayed message, without its data's values or a person's reason. */
function eventEnvelope(value: string): string[] {
  let event: Record<string, unknown>;
  try {
    event = JSON.parse(value) as Record<string, unknown>;
  } catch {
    return [`value: ${Buffer.byteLength(value)} bytes, not JSON (not shown)`];
  }
  if (typeof event !== 'object' || event === null || typeof event['type'] !== 'string') {
    return [`value: ${Buffer.byteLength(value)} bytes, not an event (not shown)`];
  }
  const metadata = (event['metadata'] ?? {}) as Record<string, unknown>;
  const actor = (metadata['actor'] ?? {}) as Record<string, unknown>;
  const data = event['data'];
  const fields: [string, unknown][] = [
    ['event id', event['eventId']],
    ['type', event['type']],
    ['schema version', event['schemaVersion']],
    ['stream', event['streamId']],
    ['revision', event['revision']],
    ['recorded at', event['recordedAt']],
    ['occurred at', metadata['occurredAt']],
    ['channel', metadata['channel']],
    ['actor role', actor['role']],
    ['actor region', actor['regionCode']],
    ['correlation id', metadata['correlationId']],
    ['causation id', metadata['causationId']],
    ['data fields', typeof data === 'object' && data !== null ? Object.keys(data).join(', ') : undefined],
  ];
  return fields
    .filter(([, field]) => field !== undefined && field !== null && field !== '')
    .map(([name, field]) => `${name}: ${String(field)}`);
}

async function show(pool: Pool, id: string, io: CliIo): Promise<number> {
  const letter = await readDeadLetter(pool, id);
  if (!letter) {
    io.err(`no dead letter ${id}\n`);
    return ExitCode.failed;
  }
  const lines = [
    `dead letter ${letter.id}`,
    `key: ${letter.key}`,
    `from: ${letter.source.topic}/${letter.source.partition}/${letter.source.offset}`,
    `group: ${letter.groupId}`,
    `attempts: ${letter.attempts}`,
    `failed at: ${letter.failedAt}`,
    `error: ${maskDigits(letter.error)}`,
    ...Object.entries(letter.headers).map(([name, value]) => `header ${name}: ${value}`),
    ...eventEnvelope(letter.value),
    'personal data: not shown (the values stay sealed in the message)',
    letter.replay
      ? `replayed: ${letter.replay.replayedAt} by ${letter.replay.replayedBy} (replay ${letter.replay.replayId}): ${letter.replay.reason}`
      : 'replayed: no',
  ];
  io.out(`${lines.join('\n')}\n`);
  return ExitCode.ok;
}

function printOutcome(outcome: ReplayOutcome, io: CliIo): boolean {
  if ('replayed' in outcome) {
    const { replayed } = outcome;
    io.out(`replayed ${outcome.id} to ${replayed.topic} for group ${replayed.groupId} (replay ${replayed.replayId})\n`);
    return true;
  }
  if ('alreadyReplayed' in outcome) {
    const earlier = outcome.alreadyReplayed;
    io.out(`skipped ${outcome.id}: replayed already ${earlier.replayedAt} by ${earlier.replayedBy}\n`);
    return true;
  }
  io.err(`${'notFound' in outcome ? 'no dead letter' : 'not made by a consumer, cannot replay'} ${outcome.id}\n`);
  return false;
}

async function replay(pool: Pool, command: Extract<DlqCommand, { name: 'replay' }>, io: CliIo): Promise<number> {
  const ids =
    command.ids.length > 0
      ? command.ids
      : (await listDeadLetters(pool, { topic: command.topic!, groupId: command.groupId!, pending: true })).map(
          (letter) => letter.id,
        );
  if (ids.length === 0) {
    io.out(`nothing to replay: no dead letters of group ${command.groupId} in ${command.topic} waiting\n`);
    return ExitCode.ok;
  }
  let ok = true;
  for (const id of ids) {
    ok = printOutcome(await replayDeadLetter(pool, id, { by: command.by, reason: command.reason }), io) && ok;
  }
  return ok ? ExitCode.ok : ExitCode.failed;
}

const busKind = (url: string | undefined): string | undefined => {
  try {
    return url ? parseBusUrl(url).kind : undefined;
  } catch {
    return undefined;
  }
};

/** `siks dlq <argv…>`; returns the exit code. */
export async function runDlq(argv: readonly string[], io: CliIo): Promise<number> {
  let command;
  try {
    if (argv[0] === undefined || argv[0] === 'help' || argv[0] === '--help') {
      io.out(`${DLQ_USAGE}\n`);
      return ExitCode.ok;
    }
    command = parse(argv, io.env);
    if (busKind(io.env['BUS_URL']) === 'kafka') {
      throw new UsageError(
        'dlq works on the PostgreSQL bus; BUS_URL selects Kafka (read its <topic>.dlq topics there)',
      );
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`siks: ${error.message}\n${DLQ_USAGE}\n`);
    return ExitCode.usage;
  }
  const database = await openDatabase(command.databaseUrl, io);
  if ('error' in database) {
    io.err(`${database.error}\n`);
    return ExitCode.unavailable;
  }
  try {
    switch (command.name) {
      case 'list':
        return await list(database.pool, command, io);
      case 'show':
        return await show(database.pool, command.id, io);
      case 'replay':
        return await replay(database.pool, command, io);
      default: {
        const unknown: never = command;
        throw new Error(`unhandled dlq command ${JSON.stringify(unknown)}`);
      }
    }
  } catch (error) {
    // A database the bus migrations have not reached yet (no bus.dead_letter_replays).
    if ((error as { code?: unknown }).code !== '42P01') throw error;
    io.err(`the bus tables are missing or out of date in ${database.url}; run \`pnpm siks migrate\`\n`);
    return ExitCode.failed;
  } finally {
    await database.pool.end();
  }
}
