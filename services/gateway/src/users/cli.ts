import { parseArgs } from 'node:util';
import { createPool, migrate, type Pool } from '@siks/pg';
import { check, extendCatalogue, interpolate, ProblemError, ValidationProblem } from '@siks/service-kit';
import { loadRegions, type Regions } from '@siks/wilayah';
import type { ScryptParams } from '../auth/password.ts';
import { gatewayMessages } from '../messages.ts';
import { migrations } from '../migrations.ts';
import { addUser, NewUser } from './new-user.ts';
import { disableAndRecord } from './changes.ts';
import { openUserLog } from './open-user-log.ts';
import { findUserByUsername, listUsers, type User } from './store.ts';
import { SYSTEM_ACTOR, type UserChangeBy, type UserLog } from './user-log.ts';

/** Where the command writes and what it reads (tests pass their own). */
export interface UsersIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  /** The first line of standard input (`--password-stdin`). */
  readStdin?: () => Promise<string>;
}

export interface UsersCommandDeps {
  regions?: () => Promise<Regions>;
  now?: () => Date;
  scrypt?: ScryptParams;
}

/** Exit codes, as `pnpm siks` uses them. */
export const UsersExit = { ok: 0, failed: 1, usage: 2, unavailable: 3 } as const;

export const USERS_USAGE = `usage: pnpm siks users <add|list|disable> [options] [--database-url URL]

  add --username NAME --name "Display name" --role ROLE --region CODE [--password-stdin] [--reason TEXT]
      create a user; without --password-stdin a random password is generated and printed once
      roles: operator_desa (village PP.KK.CC.DDDD), verifikator_kabkota, admin_kabkota (regency
      PP.KK), admin_provinsi (province PP), pusdatin (--region ''), auditor (any scope)
  list [--region CODE]
      the users within a region (default: all)
  disable USERNAME [--reason TEXT]
      disable a user and end their sessions

Creating and disabling are recorded in the event log (EVENTSTORE_URL, else the same database)
as done by the system, with the reason given.
The database is --database-url, else DATABASE_URL.`;

class UsageError extends Error {}

const OPTIONS = {
  'database-url': { type: 'string' },
  username: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  region: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  reason: { type: 'string' },
} as const;

function parse(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

const row = (user: User): string =>
  [
    user.username,
    user.role,
    user.regionCode === '' ? '(nasional)' : user.regionCode,
    user.disabledAt ? 'disabled' : 'active',
    user.name,
  ].join('\t');

async function run(
  pool: Pool,
  log: UserLog,
  subcommand: string,
  parsed: ReturnType<typeof parse>,
  io: UsersIo,
  deps: UsersCommandDeps,
): Promise<number> {
  const { values, positionals } = parsed;
  const now = deps.now ?? (() => new Date());
  const by: UserChangeBy = { actor: SYSTEM_ACTOR, channel: 'system', reason: values.reason };
  switch (subcommand) {
    case 'add': {
      const password = values['password-stdin'] ? (await io.readStdin?.())?.replace(/\r?\n$/, '') : undefined;
      const input = check(NewUser, {
        username: values.username,
        name: values.name,
        role: values.role,
        regionCode: values.region,
        ...(password !== undefined ? { password } : {}),
      });
      if (!input.ok) throw input.problem;
      const { user, generatedPassword } = await addUser(
        { db: pool, log, regions: deps.regions ?? loadRegions, now, ...(deps.scrypt ? { scrypt: deps.scrypt } : {}) },
        input.value,
        by,
      );
      io.out(`created ${user.username} (${user.role}, ${user.regionCode || 'nasional'})\n`);
      if (generatedPassword)
        io.out(`password: ${generatedPassword}\n(shown once; it is stored only as a scrypt hash)\n`);
      return UsersExit.ok;
    }
    case 'list': {
      const users = await listUsers(pool, values.region ?? '');
      io.out(users.map((user) => `${row(user)}\n`).join(''));
      io.err(`${users.length} user${users.length === 1 ? '' : 's'}\n`);
      return UsersExit.ok;
    }
    case 'disable': {
      const [username, ...extra] = positionals.slice(1);
      if (!username || extra.length > 0) throw new UsageError('name one user to disable');
      const user = await findUserByUsername(pool, username);
      if (!user) {
        io.err(`no user ${username}\n`);
        return UsersExit.failed;
      }
      await disableAndRecord(pool, log, user, now(), by);
      io.out(`disabled ${user.username}; their sessions are ended\n`);
      return UsersExit.ok;
    }
    default:
      throw new UsageError(`unknown subcommand "${subcommand}"`);
  }
}

/** `siks users add|list|disable`: applies the gateway's migrations, then runs the subcommand. */
export async function runUsersCommand(
  argv: readonly string[],
  io: UsersIo,
  deps: UsersCommandDeps = {},
): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  let databaseUrl: string | undefined;
  let subcommand: string;
  try {
    parsed = parse(argv);
    subcommand = parsed.positionals[0] ?? '';
    if (subcommand === '' || subcommand === 'help') {
      io.out(`${USERS_USAGE}\n`);
      return subcommand === 'help' ? UsersExit.ok : UsersExit.usage;
    }
    databaseUrl = parsed.values['database-url'] ?? io.env['DATABASE_URL'];
    if (!databaseUrl) throw new UsageError('set DATABASE_URL or --database-url');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`siks users: ${error.message}\n${USERS_USAGE}\n`);
    return UsersExit.usage;
  }
  const pool = createPool({ url: databaseUrl, max: 2, applicationName: 'siks-users' });
  try {
    try {
      await migrate(pool, [migrations]);
    } catch (error) {
      io.err(
        `siks users: cannot reach the database (${(error as { code?: string }).code ?? 'error'}); is \`pnpm start\` running?\n`,
      );
      return UsersExit.unavailable;
    }
    const userLog = await openUserLog(pool, databaseUrl, io.env['EVENTSTORE_URL']);
    try {
      return await run(pool, userLog.log, subcommand, parsed, io, deps);
    } finally {
      await userLog.close();
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`siks users: ${error.message}\n${USERS_USAGE}\n`);
      return UsersExit.usage;
    }
    if (error instanceof ValidationProblem) {
      const { fields: texts } = extendCatalogue(gatewayMessages);
      const fields = error.errors
        .map((issue) => {
          const text = texts[issue.message ?? issue.code];
          return `${issue.path} ${text ? interpolate(text.en, issue.params ?? {}) : (issue.message ?? issue.code)}`;
        })
        .join('; ');
      io.err(`siks users: invalid: ${fields}\n`);
      return UsersExit.failed;
    }
    if (error instanceof ProblemError && error.code === 'username_taken') {
      io.err('siks users: that user name is taken\n');
      return UsersExit.failed;
    }
    throw error;
  } finally {
    await pool.end();
  }
}
