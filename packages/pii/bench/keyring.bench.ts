/**
 * Rough throughput of the keyring against a real (embedded) PostgreSQL.
 * Run: `pnpm exec tsx packages/pii/bench/keyring.bench.ts`
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createPool, migrate } from '@siks/pg';
import { createDatabase, startPostgres } from '@siks/testing';
import { createKeyring, piiMigrations } from '../src/index.ts';

const server = await startPostgres();
const pool = createPool({
  url: await createDatabase(server.adminUrl, 'pii_bench'),
  max: 8,
  applicationName: 'pii-bench',
});
try {
  await migrate(pool, [piiMigrations]);
  const keys = { masterKey: randomBytes(32), blindIndexKey: randomBytes(32) };
  const keyring = createKeyring({ pool, ...keys });
  const time = async (label: string, count: number, work: (index: number) => Promise<unknown>) => {
    const started = performance.now();
    for (let index = 0; index < count; index += 100) {
      await Promise.all(Array.from({ length: Math.min(100, count - index) }, (_, offset) => work(index + offset)));
    }
    const ms = performance.now() - started;
    console.log(`${label}: ${count} in ${Math.round(ms)} ms = ${Math.round((count / ms) * 1000)}/s`);
  };
  const subjects = Array.from({ length: 2_000 }, (_, index) => `subject-${index}`);
  await time('seal, new subject each (creates keys)', subjects.length, (i) =>
    keyring.seal(subjects[i]!, 'Siti Aminah'),
  );
  const sealed = await Promise.all(subjects.map((subject) => keyring.seal(subject, 'Siti Aminah')));
  await time('seal, cached key', 20_000, (i) => keyring.seal(subjects[i % subjects.length]!, 'Siti Aminah'));
  await time('open, cached key', 20_000, (i) => keyring.open(sealed[i % sealed.length]!));
  const cold = createKeyring({ pool, ...keys, cacheSize: 0 });
  await time('open, no cache (1 query + unwrap each)', 2_000, (i) => cold.open(sealed[i]!));
  await time('blindIndex', 100_000, async (i) => keyring.blindIndex('nik', String(5202011204870000 + i)));
} finally {
  await pool.end();
  await server.stop();
}
