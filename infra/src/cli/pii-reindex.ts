import { parseArgs } from 'node:util';
import { createEventStoreFromUrl } from '@siks/eventstore';
import { createPool, migrate } from '@siks/pg';
import { createKeyring, decodeKey, parsePreviousMasterKeys, piiMigrations, reindexBlindIndexes } from '@siks/pii';
import { resolveDatabaseUrl } from './database.ts';
import { ExitCode, type CliIo } from './io.ts';

export const PII_REINDEX_USAGE = `pnpm siks pii reindex [--batch N] [--restart]
    After a change of PII_BLIND_INDEX_KEY: map every NIK and KK the keyring can still open to the
    index the log knows it by, under the new key, so PII_BLIND_INDEX_KEY_PREVIOUS can be removed
    (docs/security.md "How to rotate keys"). Resumable; progress on standard error.`;

/**
 * The streams whose events name people by index beside a sealed block: intake's proposals, adminduk
 * reference lines and complaints. Every index the other services hold was copied from these.
 */
const INDEXED_STREAMS = ['proposal-', 'popref-', 'complaint-'] as const;

/** `pnpm siks pii reindex`: `env` already holds the database and the PII keys (pii.ts `piiEnv`). */
export async function reindex(args: string[], io: CliIo, env: Record<string, string>): Promise<number> {
  let values: { batch?: string | undefined; restart?: boolean | undefined };
  try {
    ({ values } = parseArgs({ args, options: { batch: { type: 'string' }, restart: { type: 'boolean' } } }));
  } catch (error) {
    io.err(`${(error as Error).message}\n${PII_REINDEX_USAGE}\n`);
    return ExitCode.usage;
  }
  const batchSize = Number(values.batch ?? '500');
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    io.err(`--batch must be a whole number from 1 to 10000\n${PII_REINDEX_USAGE}\n`);
    return ExitCode.usage;
  }
  let keys: { master: Buffer; blindIndex: Buffer; previous: Buffer | undefined };
  try {
    keys = {
      master: decodeKey(env['PII_MASTER_KEY'] ?? '', 'PII_MASTER_KEY'),
      blindIndex: decodeKey(env['PII_BLIND_INDEX_KEY'] ?? '', 'PII_BLIND_INDEX_KEY'),
      previous: env['PII_BLIND_INDEX_KEY_PREVIOUS']
        ? decodeKey(env['PII_BLIND_INDEX_KEY_PREVIOUS'], 'PII_BLIND_INDEX_KEY_PREVIOUS')
        : undefined,
    };
  } catch (error) {
    // decodeKey names the setting, never the key.
    io.err(`pii reindex: ${(error as Error).message}\n`);
    return ExitCode.usage;
  }
  const databaseUrl = resolveDatabaseUrl(undefined, env).url;
  const keyPool = createPool({
    url: env['KEYRING_URL'] ?? databaseUrl,
    max: 2,
    applicationName: 'siks-cli-pii-reindex',
  });
  const store = createEventStoreFromUrl(env['EVENTSTORE_URL'] ?? databaseUrl, undefined, { poolSize: 2 });
  try {
    // The keyring's owner (KEYRING_URL) adds the alias tables when no service has yet.
    await migrate(keyPool, [piiMigrations]);
    const keyring = createKeyring({
      pool: keyPool,
      masterKey: keys.master,
      masterKeyVersion: Number(env['PII_MASTER_KEY_VERSION'] ?? '1'),
      previousMasterKeys: parsePreviousMasterKeys(env['PII_PREVIOUS_MASTER_KEYS']),
      blindIndexKey: keys.blindIndex,
      cacheTtlMs: 10_000,
    });
    let shownAt = 0;
    const result = await reindexBlindIndexes({
      pool: keyPool,
      open: (sealed) => keyring.open(sealed),
      key: keys.blindIndex,
      keepKeys: keys.previous ? [keys.previous] : [],
      readPage: (after, maxCount) => store.readAllPage({ after, maxCount, streamPrefixes: INDEXED_STREAMS }),
      batchSize,
      restart: values.restart === true,
      onProgress: (progress) => {
        if (Date.now() - shownAt < 1_000) return;
        shownAt = Date.now();
        io.err(`pii reindex: ${progress.events} event(s) read, ${progress.aliases} alias(es) written\n`);
      },
    });
    io.out(
      `re-indexed under blind-index key ${result.keyId}: ${result.thisRun.events} event(s) read, ` +
        `${result.thisRun.aliases} alias(es) written, ${result.unreadable} sealed value(s) unreadable (forgotten); ` +
        `in all ${result.events} event(s), ${result.aliases} alias(es); ` +
        `${result.dropped} alias(es) of retired keys dropped\n`,
    );
    return ExitCode.ok;
  } catch (error) {
    io.err(`pii reindex: ${(error as Error).message}\n`);
    return ExitCode.failed;
  } finally {
    await store.close();
    await keyPool.end();
  }
}
