/**
 * The registry's consumer of intake.proposals.v1 in a process of its own, for the
 * kill-mid-batch test: `node --import tsx consumer-child.ts` with DATABASE_URL set. With
 * PAUSE_AFTER=n it stops inside the batch holding the n-th event, once the batch is handled
 * (its transaction open, its approvals already appended, its writes and inbox marks not
 * committed) and prints PAUSED, waiting to be killed. It runs
 * the same handler, group and inbox as `startProposalConsumer`, on the real PostgreSQL
 * adapters, with a short session timeout so a restarted member takes the partitions soon.
 */
import { Topics } from '@siks/contracts';
import { createPostgresBus, startBatchEventConsumer } from '@siks/bus';
import { createPostgresEventStore } from '@siks/eventstore';
import { createPool } from '@siks/pg';
import { createProposalBatchHandler } from '../src/applying/handle-batch.ts';
import { PROPOSAL_CONSUMER } from '../src/applying/handler.ts';

const url = process.env['DATABASE_URL'];
if (!url) throw new Error('DATABASE_URL is required');
const pauseAfter = Number(process.env['PAUSE_AFTER'] ?? '0');

const pool = createPool({ url, max: 4, applicationName: 'registry-consumer-child' });
const store = createPostgresEventStore({ pool });
const bus = createPostgresBus({ pool, pollIntervalMs: 50, sessionTimeoutMs: 1500 });
const handleBatch = createProposalBatchHandler({ store });
let handled = 0;

const consumer = await startBatchEventConsumer({
  bus,
  pool,
  name: PROPOSAL_CONSUMER,
  topics: [Topics.intakeProposals],
  maxBatchSize: 100,
  handleBatch: async (events, client) => {
    await handleBatch(events, client);
    const before = handled;
    handled += events.length;
    if (before < pauseAfter && handled >= pauseAfter) {
      process.stdout.write('PAUSED\n');
      await new Promise(() => undefined); // hold the batch's transaction open until killed
    }
  },
});
process.stdout.write('READY\n');

process.on('SIGTERM', () => {
  void (async () => {
    await consumer.stop();
    await bus.close();
    await store.close();
    await pool.end();
    process.exit(0);
  })();
});
