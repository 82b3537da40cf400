import { copyFile, mkdir, open, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  auditLogMigrations,
  CheckpointError,
  exportLogLines,
  extendTree,
  listCheckpointFiles,
  openCheckpoint,
  proveConsistency,
  proveInclusion,
  publishCheckpoint,
  recordCheckpoint,
  shortCode,
  signCheckpoint,
  verifierKey,
  verifyHashChains,
  verifyLogAgainstCheckpoint,
  VKEY_FILE,
  type SignedCheckpoint,
} from '@siks/eventstore';
import { migrate, type Pool } from '@siks/pg';
import { ensureAuditSigningKey } from '../keys.ts';
import { kurrentStoreToVerify, verifyKurrentChains } from './audit-kurrent.ts';
import { auditSettings, latestCheckpointPath, readIfPresent, resolveVerifierKey } from './audit-settings.ts';
import { openDatabase } from './database.ts';
import { ExitCode, type CliIo } from './io.ts';
import type { AuditCommand } from './parse-audit.ts';

type Run<C extends AuditCommand['name']> = (command: Extract<AuditCommand, { name: C }>, io: CliIo) => Promise<number>;

/** Runs `work` on the command's database; exit 3 when it cannot be reached. */
async function onDatabase(
  databaseUrl: string | undefined,
  io: CliIo,
  work: (pool: Pool, url: string) => Promise<number>,
) {
  const database = await openDatabase(databaseUrl, io);
  if ('error' in database) {
    io.err(`${database.error}\n`);
    return ExitCode.unavailable;
  }
  try {
    return await work(database.pool, database.url);
  } finally {
    await database.pool.end();
  }
}

const checkpoint: Run<'audit-checkpoint'> = (command, io) =>
  onDatabase(command.databaseUrl, io, async (pool) => {
    const settings = auditSettings(io, command.checkpointDir);
    const key = await ensureAuditSigningKey(settings.signingKeyPath, { create: settings.createSigningKey });
    if (key.created)
      io.err(`created the audit signing key ${settings.signingKeyPath} (keep it off the database server)\n`);
    await migrate(pool, [auditLogMigrations]);
    const head = await extendTree(pool);
    const signed = signCheckpoint(
      { origin: settings.origin, size: head.size, root: head.root, time: new Date().toISOString() },
      key.privateKey,
    );
    const vkey = verifierKey(settings.origin, key.privateKey);
    const published = await publishCheckpoint(settings.checkpointDir, signed, vkey);
    // The database keeps a copy for the services to hand out (GET /v1/audit/checkpoint): the
    // file's text, which is the one published for that size.
    await recordCheckpoint(
      pool,
      { size: signed.size, text: published.written ? signed.text : await readFile(published.path, 'utf8') },
      vkey,
    );
    const code = shortCode(signed);
    if (!published.written) {
      io.out(`no new events: ${published.reason} (${published.path})\nshort code: ${code}\n`);
      return ExitCode.ok;
    }
    io.out(
      `checkpoint of ${head.size} events (${head.added} new), root ${head.root.toString('base64')}\n` +
        `short code: ${code}\nwritten: ${published.path}\n`,
    );
    return ExitCode.ok;
  });

/** The checkpoint to verify against, signature checked; undefined when none is published. */
async function checkpointToVerify(
  command: Extract<AuditCommand, { name: 'audit-verify' }>,
  io: CliIo,
): Promise<
  { checkpoint: SignedCheckpoint; earlier: SignedCheckpoint[]; path: string } | { problem: string } | undefined
> {
  const settings = auditSettings(io, command.checkpointDir);
  const path = command.checkpoint ?? latestCheckpointPath(settings);
  const text = await readIfPresent(path);
  if (text === undefined) {
    if (command.checkpoint) return { problem: `checkpoint file ${path} not found` };
    return undefined;
  }
  const key = await resolveVerifierKey(settings, io, command.vkey);
  if (!key) return { problem: `no verifier key to check ${path} with (--vkey FILE or AUDIT_VERIFIER_KEY)` };
  io.err(`checking checkpoints with the key from ${key.source}\n`);
  try {
    const checkpoint = openCheckpoint(text, key.vkey);
    const earlier: SignedCheckpoint[] = [];
    for (const file of await listCheckpointFiles(settings.checkpointDir)) {
      if (file.size >= checkpoint.size) continue;
      try {
        earlier.push(openCheckpoint((await readIfPresent(file.path)) ?? '', key.vkey));
      } catch (error) {
        io.err(`ignoring ${file.path}: ${(error as Error).message}\n`);
      }
    }
    return { checkpoint, earlier, path };
  } catch (error) {
    if (error instanceof CheckpointError || error instanceof RangeError)
      return { problem: `${path}: ${error.message}` };
    throw error;
  }
}

const verify: Run<'audit-verify'> = async (command, io) => {
  const kurrent = kurrentStoreToVerify(command.eventstoreUrl, io.env);
  if (kurrent) return verifyKurrentChains(kurrent, io);
  const found = await checkpointToVerify(command, io);
  if (found && 'problem' in found) {
    io.out(`BROKEN: ${found.problem}\n`);
    return ExitCode.failed;
  }
  return onDatabase(command.databaseUrl, io, async (pool, url) => {
    let broken = false;
    if (found) {
      const { checkpoint: signed, earlier, path } = found;
      io.err(`verifying the log in ${url} against ${path} (${shortCode(signed)}, signed ${signed.time})\n`);
      const result = await verifyLogAgainstCheckpoint(pool, signed, { earlier });
      if (result.ok)
        io.out(`log matches the signed checkpoint: ${result.size} events, short code ${shortCode(signed)}\n`);
      else io.out(`BROKEN: ${result.problem}\n`);
      broken = !result.ok;
    } else {
      io.err(
        'no published checkpoint: only the hash chains are checked (publish one with `pnpm siks audit checkpoint`)\n',
      );
    }
    io.err(`verifying hash chains in ${url}\n`);
    const chains = await verifyHashChains(pool);
    if (chains.ok) io.out(`hash chains intact: ${chains.streams} streams, ${chains.events} events\n`);
    else io.out(`BROKEN: stream ${chains.streamId} at revision ${chains.revision}: ${chains.reason}\n`);
    return broken || !chains.ok ? ExitCode.failed : ExitCode.ok;
  });
};

const exportSegment: Run<'audit-export'> = (command, io) =>
  onDatabase(command.databaseUrl, io, async (pool) => {
    const settings = auditSettings(io, command.checkpointDir);
    const checkpointsOut = join(command.out, 'checkpoints');
    await mkdir(checkpointsOut, { recursive: true });
    const files = await listCheckpointFiles(settings.checkpointDir);
    for (const file of files) await copyFile(file.path, join(checkpointsOut, basename(file.path)));
    if ((await readIfPresent(join(settings.checkpointDir, VKEY_FILE))) !== undefined) {
      await copyFile(join(settings.checkpointDir, VKEY_FILE), join(checkpointsOut, VKEY_FILE));
    }
    const handle = await open(join(command.out, 'leaves.jsonl'), 'w');
    let count = 0;
    try {
      let chunk = '';
      for await (const line of exportLogLines(pool)) {
        chunk += `${line}\n`;
        count += 1;
        if (chunk.length > 1 << 20) {
          await handle.write(chunk);
          chunk = '';
        }
      }
      await handle.write(chunk);
    } finally {
      await handle.close();
    }
    io.out(`exported ${count} leaves and ${files.length} checkpoints to ${command.out}\n`);
    return ExitCode.ok;
  });

const prove: Run<'audit-prove'> = (command, io) =>
  onDatabase(command.databaseUrl, io, async (pool) => {
    const target = command.eventId !== undefined ? { eventId: command.eventId } : { position: command.position ?? '' };
    io.out(`${JSON.stringify(await proveInclusion(pool, target, command.size), null, 2)}\n`);
    return ExitCode.ok;
  });

const consistency: Run<'audit-consistency'> = (command, io) =>
  onDatabase(command.databaseUrl, io, async (pool) => {
    io.out(`${JSON.stringify(await proveConsistency(pool, command.from, command.to), null, 2)}\n`);
    return ExitCode.ok;
  });

/** Runs one of the `siks audit …` commands; returns the exit code. */
export async function runAuditCommand(command: AuditCommand, io: CliIo): Promise<number> {
  try {
    switch (command.name) {
      case 'audit-verify':
        return await verify(command, io);
      case 'audit-checkpoint':
        return await checkpoint(command, io);
      case 'audit-export':
        return await exportSegment(command, io);
      case 'audit-prove':
        return await prove(command, io);
      case 'audit-consistency':
        return await consistency(command, io);
    }
  } catch (error) {
    if ((error as Error).name !== 'ProofError') throw error;
    io.err(`${(error as Error).message}\n`);
    return ExitCode.failed;
  }
}
