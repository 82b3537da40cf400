import { createPostgresBus } from '@siks/bus';
import { createPool } from '@siks/pg';
import { startWorkers } from '../../src/workers.ts';

/**
 * A reporting worker process for the crash test: consumes in tiny batches until it is killed
 * (SIGKILL, no shutdown). `node --import tsx crash-worker.ts <database url>`.
 */
const url = process.argv[2];
if (!url) throw new Error('usage: crash-worker.ts <database url>');
const pool = createPool({ url, max: 8, applicationName: 'reporting-crash-worker' });
const bus = createPostgresBus({ pool, pollIntervalMs: 50, sessionTimeoutMs: 1000 });
await startWorkers({ pool, bus, batchSize: 7, checkIntervalMs: 100 });
process.stdout.write('ready\n');
setInterval(() => undefined, 60_000);
