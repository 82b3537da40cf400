import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7, type NewEvent } from '@siks/contracts';
import { createPool, type Pool } from '@siks/pg';
import {
  createPostgresEventStore,
  extendTree,
  publishCheckpoint,
  recordCheckpoint,
  signCheckpoint,
  verifierKey,
} from '../src/index.ts';
import { benchEvent } from './payload.ts';

/**
 * Append throughput with scheduled checkpoints on and off, in alternating rounds of the same
 * run (so the machine's load hits both alike): 8 concurrent appenders of one event each, as
 * the services append; "on" runs what `siks audit checkpoint` runs (grow the tree, sign, write
 * the file, keep the copy in the database) every `intervalMs` from its own pool, as the
 * launcher's schedule does — far more often than its 5-minute default, to make the cost show.
 */
export interface AppendWithCheckpoints {
  case: 'append_with_checkpoints';
  offEventsPerSec: number;
  onEventsPerSec: number;
  ratio: number;
  goal: number;
  met: boolean;
  checkpoints: number;
  checkpointMsMean: number;
  intervalMs: number;
  rounds: number;
  roundMs: number;
}

const templates = Array.from({ length: 200 }, (_, index) => benchEvent(index));
let sequence = 0;
const nextEvent = (): NewEvent => ({
  ...(templates[sequence++ % templates.length] ?? benchEvent(0)),
  eventId: uuidv7(),
});

export async function appendWithCheckpoints(
  url: string,
  options: { rounds: number; roundMs: number; intervalMs: number; goal: number },
): Promise<AppendWithCheckpoints> {
  const pool: Pool = createPool({ url, max: 10, applicationName: 'audit-bench-append' });
  const checkpointPool: Pool = createPool({ url, max: 2, applicationName: 'audit-bench-checkpoint' });
  const store = createPostgresEventStore({ pool, notify: 'after-commit' });
  const dir = await mkdtemp(join(tmpdir(), 'siks-audit-bench-'));
  const key = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const origin = 'siks.bench/eventstore';
  const vkey = verifierKey(origin, key);
  let checkpoints = 0;
  let checkpointMs = 0;
  const checkpoint = async (): Promise<void> => {
    const started = performance.now();
    const head = await extendTree(checkpointPool);
    const signed = signCheckpoint({ origin, size: head.size, root: head.root, time: new Date().toISOString() }, key);
    const published = await publishCheckpoint(dir, signed, vkey);
    if (published.written) await recordCheckpoint(checkpointPool, signed, vkey);
    checkpointMs += performance.now() - started;
    checkpoints += 1;
  };
  const round = async (tag: string, withCheckpoints: boolean): Promise<number> => {
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> = Promise.resolve();
    if (withCheckpoints) {
      timer = setInterval(() => {
        // One at a time, as the launcher's schedule does.
        running = running.then(checkpoint);
      }, options.intervalMs);
    }
    const start = performance.now();
    const until = start + options.roundMs;
    let events = 0;
    await Promise.all(
      Array.from({ length: 8 }, async (_, worker) => {
        for (let turn = 0; performance.now() < until; turn += 1) {
          await store.append(`${tag}-${worker}-${turn}`, [nextEvent()], 'no_stream');
          events += 1;
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    if (timer) clearInterval(timer);
    await running;
    return events / seconds;
  };
  try {
    await round('warmup', false);
    await checkpoint(); // the tree covers the warm-up: every "on" round pays only for its own events
    checkpoints = 0;
    checkpointMs = 0;
    const off: number[] = [];
    const on: number[] = [];
    for (let index = 0; index < options.rounds; index += 1) {
      // Alternate which goes first, so a trend in the machine's load does not favour one.
      if (index % 2 === 0) {
        off.push(await round(`off${index}`, false));
        on.push(await round(`on${index}`, true));
      } else {
        on.push(await round(`on${index}`, true));
        off.push(await round(`off${index}`, false));
      }
    }
    const median = (values: number[]): number => {
      const sorted = [...values].sort((a, b) => a - b);
      const middle = Math.floor(sorted.length / 2);
      return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
    };
    const offRate = median(off);
    const onRate = median(on);
    const ratio = Number((onRate / offRate).toFixed(3));
    return {
      case: 'append_with_checkpoints',
      offEventsPerSec: Math.round(offRate),
      onEventsPerSec: Math.round(onRate),
      ratio,
      goal: options.goal,
      met: ratio >= options.goal,
      checkpoints,
      checkpointMsMean: checkpoints ? Number((checkpointMs / checkpoints).toFixed(1)) : 0,
      intervalMs: options.intervalMs,
      rounds: options.rounds,
      roundMs: options.roundMs,
    };
  } finally {
    await store.close();
    await pool.end();
    await checkpointPool.end();
    await rm(dir, { recursive: true, force: true });
  }
}
