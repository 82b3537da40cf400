import { migrate } from '@siks/pg';
import { mintToken } from '@siks/service-kit';
import { ensureDevKeys } from '../keys.ts';
import { sharedMigrations } from '../migrations.ts';
import { runAuditCommand } from './audit.ts';
import { layout } from '../paths.ts';
import { openDatabase } from './database.ts';
import { ExitCode, type CliIo } from './io.ts';
import type { Command } from './parse.ts';
import { USAGE } from './usage.ts';

type Run<C extends Command['name']> = (command: Extract<Command, { name: C }>, io: CliIo) => Promise<number>;

const token: Run<'token'> = async (command, io) => {
  let privateKey = io.env['JWT_PRIVATE_KEY'];
  if (!privateKey) {
    const { keys, created } = await ensureDevKeys(layout(io.env).keysDir);
    if (created) io.err(`created dev keys in ${layout(io.env).keysDir}\n`);
    privateKey = keys.jwtPrivateKey;
  }
  const jwt = await mintToken(
    privateKey,
    { sub: command.sub, role: command.role, region: command.region, name: command.displayName },
    // The same issuer and audience the services check (their JWT_ISSUER / JWT_AUDIENCE).
    { expiresIn: command.ttlSeconds, issuer: io.env['JWT_ISSUER'], audience: io.env['JWT_AUDIENCE'] },
  );
  io.out(`${jwt}\n`);
  return ExitCode.ok;
};

const migrateCommand: Run<'migrate'> = async (command, io) => {
  const database = await openDatabase(command.databaseUrl, io);
  if ('error' in database) {
    io.err(`${database.error}\n`);
    return ExitCode.unavailable;
  }
  try {
    const applied = await migrate(database.pool, sharedMigrations);
    io.out(applied.length > 0 ? `applied: ${applied.join(', ')}\n` : 'migrations up to date\n');
    return ExitCode.ok;
  } catch (error) {
    io.err(`${(error as Error).message}\n`);
    return ExitCode.failed;
  } finally {
    await database.pool.end();
  }
};

/** Runs a parsed command; returns the exit code. */
export async function runCommand(command: Command, io: CliIo): Promise<number> {
  switch (command.name) {
    case 'help':
      io.out(`${USAGE}\n`);
      return ExitCode.ok;
    case 'token':
      return token(command, io);
    case 'audit-verify':
    case 'audit-checkpoint':
    case 'audit-export':
    case 'audit-prove':
    case 'audit-consistency':
      return runAuditCommand(command, io);
    case 'migrate':
      return migrateCommand(command, io);
    default: {
      const unknown: never = command;
      throw new Error(`unhandled command ${JSON.stringify(unknown)}`);
    }
  }
}
