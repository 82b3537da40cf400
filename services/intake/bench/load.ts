import { randomUUID } from 'node:crypto';
import { Pool } from 'undici';
import { benchHousehold } from './households.ts';

/** What the load process is asked to do (sent over IPC). */
export interface LoadPlan {
  origin: string;
  path: string;
  clients: number;
  durationMs: number;
  warmupMs: number;
  /** One token per client (its village's operator), or none. */
  tokens: (string | null)[];
  /** Each client's village: its bodies are new households there (the same sequence for every target). */
  villages: string[];
  /** Send a fresh Idempotency-Key with every request. */
  idempotencyKeys: boolean;
}

export interface LoadResult {
  sent: number;
  accepted: number;
  failed: number;
  statuses: Record<string, number>;
  seconds: number;
  latenciesMs: number[];
  /** Requests answered during the warm-up (not counted above). */
  warmupSent: number;
}

/** Distinct households per client (more than one client sends in a run). */
const PER_CLIENT = 1500;

/**
 * Closed-loop load: `clients` loops, each with its own connection, sending the next body as
 * soon as the previous answer is read, for `durationMs` after a warm-up that is not counted.
 */
async function run(plan: LoadPlan): Promise<LoadResult> {
  const pool = new Pool(plan.origin, { connections: plan.clients, pipelining: 1, keepAliveTimeout: 60_000 });
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  let sent = 0;
  let accepted = 0;
  let failed = 0;
  let warmupSent = 0;
  const started = performance.now();
  const measureFrom = started + plan.warmupMs;
  const end = measureFrom + plan.durationMs;
  const loop = async (client: number): Promise<void> => {
    const token = plan.tokens[client];
    const village = plan.villages[client] ?? '';
    for (let i = 0; performance.now() < end; i += 1) {
      const household = benchHousehold(client * PER_CLIENT + (i % PER_CLIENT), village);
      const body = JSON.stringify({ proposal: { type: 'new_household', household } });
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers['authorization'] = `Bearer ${token}`;
      if (plan.idempotencyKeys) headers['idempotency-key'] = randomUUID();
      const t0 = performance.now();
      let status = 0;
      try {
        const response = await pool.request({ method: 'POST', path: plan.path, headers, body });
        await response.body.text();
        status = response.statusCode;
      } catch {
        status = -1;
      }
      const t1 = performance.now();
      if (t0 < measureFrom || t1 > end) {
        warmupSent += 1;
        continue;
      }
      sent += 1;
      statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
      if (status >= 200 && status < 300) {
        accepted += 1;
        latencies.push(t1 - t0);
      } else failed += 1;
    }
  };
  await Promise.all(Array.from({ length: plan.clients }, (_, client) => loop(client)));
  await pool.close();
  return { sent, accepted, failed, statuses, seconds: plan.durationMs / 1000, latenciesMs: latencies, warmupSent };
}

// Run as a child process (`fork`): one plan in, one result out.
process.once('message', (plan: LoadPlan) => {
  run(plan).then(
    (result) => process.send?.({ ok: true, result }, undefined, {}, () => process.exit(0)),
    (error: unknown) => process.send?.({ ok: false, error: String(error) }, undefined, {}, () => process.exit(1)),
  );
});
