import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createPool } from '@siks/pg';
import { decodeKey, parsePreviousMasterKeys, rewrapSubjectKeys } from '@siks/pii';
import { ensureDevKeys } from '../keys.ts';
import { layout } from '../paths.ts';
import { resolveDatabaseUrl } from './database.ts';
import { ExitCode, type CliIo } from './io.ts';
import { PII_REINDEX_USAGE, reindex } from './pii-reindex.ts';

export const PII_USAGE = `pnpm siks pii forget --reason TEXT [--nik NIK | --nik -]
    Forget a person (crypto-shredding; docs/security.md "How to forget a person"). Without --nik
    (or with --nik -) the NIK is read from standard input or asked for, so it shows in no process
    list or shell history; prefer that.
pnpm siks pii rotate
    Re-wrap every subject key under PII_MASTER_KEY (version PII_MASTER_KEY_VERSION); the old keys
    come from PII_PREVIOUS_MASTER_KEYS (docs/security.md "How to rotate keys").
${PII_REINDEX_USAGE}`;

export interface PiiIo extends CliIo {
  /** The NIK when not on the command line (standard input, or a prompt on a terminal). */
  readNik(): Promise<string>;
}

/** Reads the first line of standard input; on a terminal, asks for it without echoing it. */
export async function readNikFromTerminal(): Promise<string> {
  const terminal = process.stdin.isTTY === true;
  const lines = createInterface({ input: process.stdin, output: terminal ? process.stderr : undefined, terminal });
  if (terminal) {
    process.stderr.write('NIK: ');
    // Swallow the echo: the NIK stays off the screen and any terminal recording.
    (lines as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = () => undefined;
  }
  for await (const line of lines) {
    lines.close();
    if (terminal) process.stderr.write('\n');
    return line;
  }
  return '';
}

/** Environment of the commands: the database and the PII keys (the dev keys of `pnpm start` unless set). */
async function piiEnv(io: CliIo): Promise<Record<string, string>> {
  const env = Object.fromEntries(Object.entries(io.env).filter((e): e is [string, string] => e[1] !== undefined));
  const { url } = resolveDatabaseUrl(undefined, io.env);
  env['DATABASE_URL'] = url;
  if (!env['PII_MASTER_KEY'] || !env['PII_BLIND_INDEX_KEY']) {
    const { keys } = await ensureDevKeys(layout(io.env).keysDir);
    env['PII_MASTER_KEY'] ??= keys.piiMasterKey;
    env['PII_BLIND_INDEX_KEY'] ??= keys.piiBlindIndexKey;
  }
  return env;
}

async function forget(args: string[], io: PiiIo): Promise<number> {
  const { values } = parseArgs({ args, options: { nik: { type: 'string' }, reason: { type: 'string' } } });
  if (!values.reason) {
    io.err(`--reason is required\n${PII_USAGE}\n`);
    return ExitCode.usage;
  }
  const nik = values.nik === undefined || values.nik === '-' ? await io.readNik() : values.nik;
  // Forgetting belongs to intake (its events, its read model): its own command, as a child process
  // so infra imports no service; the NIK goes over the child's standard input, not its arguments.
  const entry = fileURLToPath(new URL('../../../services/intake/src/erasure/main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', entry, '--reason', values.reason], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: await piiEnv(io),
  });
  child.stdout.on('data', (chunk: Buffer) => io.out(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => io.err(chunk.toString()));
  child.stdin.end(`${nik}\n`);
  return new Promise((resolve) => child.on('close', (code) => resolve(code ?? ExitCode.failed)));
}

async function rotate(io: CliIo): Promise<number> {
  const env = io.env;
  if (!env['PII_MASTER_KEY'] || !env['PII_PREVIOUS_MASTER_KEYS']) {
    io.err('pii rotate: set PII_MASTER_KEY (the new key), PII_MASTER_KEY_VERSION and PII_PREVIOUS_MASTER_KEYS\n');
    return ExitCode.usage;
  }
  const version = Number(env['PII_MASTER_KEY_VERSION'] ?? '1');
  const masterKeys = parsePreviousMasterKeys(env['PII_PREVIOUS_MASTER_KEYS']);
  if (masterKeys.has(version)) {
    io.err('pii rotate: PII_PREVIOUS_MASTER_KEYS must not list the new version\n');
    return ExitCode.usage;
  }
  masterKeys.set(version, decodeKey(env['PII_MASTER_KEY'], 'PII_MASTER_KEY'));
  const url = env['KEYRING_URL'] ?? resolveDatabaseUrl(undefined, env).url;
  const pool = createPool({ url, max: 2, applicationName: 'siks-cli-pii-rotate' });
  try {
    const result = await rewrapSubjectKeys({ pool, masterKeys, toVersion: version });
    io.out(
      `re-wrapped ${result.rewrapped} key(s) under master key version ${version}; ` +
        `${result.current} live key(s) under it, ${result.forgotten} forgotten subject(s)\n`,
    );
    return ExitCode.ok;
  } catch (error) {
    io.err(`pii rotate: ${(error as Error).message}\n`);
    return ExitCode.failed;
  } finally {
    await pool.end();
  }
}

/** `pnpm siks pii forget|rotate|reindex`. */
export async function runPii(args: string[], io: PiiIo): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'forget') return forget(rest, io);
  if (command === 'rotate') return rotate(io);
  if (command === 'reindex') return reindex(rest, io, await piiEnv(io));
  io.err(`${PII_USAGE}\n`);
  return ExitCode.usage;
}
