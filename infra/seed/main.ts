/**
 * `pnpm siks seed [--households N] [--province 52] [--seed s] [--database-url URL] [--concurrency 256]`
 * (see seed.ts). The database: the flag, else DATABASE_URL, else the embedded default's (started
 * with `pnpm start`). PII keys: PII_MASTER_KEY / PII_BLIND_INDEX_KEY when set, else the embedded
 * default's development keys, so the seeded personal data opens in the running system.
 */
import { parseArgs } from 'node:util';
import { resolveDatabaseUrl } from '../src/cli/database.ts';
import { ensureDevKeys } from '../src/keys.ts';
import { layout } from '../src/paths.ts';
import { progressBar } from './progress.ts';
import { runSeed } from './seed.ts';

const { values } = parseArgs({
  options: {
    households: { type: 'string', default: '10000' },
    province: { type: 'string', default: '52' },
    seed: { type: 'string', default: 'siks' },
    'database-url': { type: 'string' },
    concurrency: { type: 'string', default: '256' },
  },
});

const households = Number(values.households);
if (!Number.isSafeInteger(households) || households < 1) throw new Error('--households must be a positive integer');
const { url, embedded } = resolveDatabaseUrl(values['database-url'], process.env);
const piiKeys =
  process.env['PII_MASTER_KEY'] && process.env['PII_BLIND_INDEX_KEY']
    ? { master: process.env['PII_MASTER_KEY'], blindIndex: process.env['PII_BLIND_INDEX_KEY'] }
    : embedded
      ? await ensureDevKeys(layout().keysDir).then(({ keys }) => ({
          master: keys.piiMasterKey,
          blindIndex: keys.piiBlindIndexKey,
        }))
      : undefined;
if (!piiKeys)
  throw new Error('set PII_MASTER_KEY and PII_BLIND_INDEX_KEY (the keys of the system that will read the data)');
const bar = progressBar((text) => void process.stderr.write(text), process.stderr.isTTY);
const result = await runSeed({
  databaseUrl: url,
  households,
  province: values.province,
  seed: values.seed,
  concurrency: Number(values.concurrency),
  piiKeys,
  onProgress: (phase, done, total) => bar.update(phase, done, total),
});
process.stdout.write(`${JSON.stringify({ case: 'seed', ...result })}\n`);
