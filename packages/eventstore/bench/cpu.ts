import { readFile } from 'node:fs/promises';
import type { Pool } from '@siks/pg';

/** CPU seconds (user + system) of a process from Linux `/proc`; 0 where it cannot be read. */
async function processCpuSeconds(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in ticks of 1/100 s
  } catch {
    return 0;
  }
}

// The backend answering this is one of the pool's too (with one worker, the one it appends on).
const BACKENDS_SQL = 'SELECT pid FROM pg_stat_activity WHERE datname = current_database()';

/**
 * Starts measuring the CPU this process and the bench database's backends use. Where the time of
 * an append goes on a shared machine: a ratio of rates moves with the load, CPU per event much
 * less. The backends are the ones alive at start and stop (the pool keeps its connections).
 */
export async function cpuMeter(pool: Pool): Promise<{ stop(): Promise<{ node: number; postgres: number }> }> {
  const backends = async () => (await pool.query<{ pid: number }>(BACKENDS_SQL)).rows.map((row) => row.pid);
  const before = new Map<number, number>();
  for (const pid of await backends()) before.set(pid, await processCpuSeconds(pid));
  const node = process.cpuUsage();
  return {
    async stop() {
      const used = process.cpuUsage(node);
      let postgres = 0;
      for (const pid of new Set([...before.keys(), ...(await backends())])) {
        postgres += (await processCpuSeconds(pid)) - (before.get(pid) ?? 0);
      }
      return { node: (used.user + used.system) / 1e6, postgres };
    },
  };
}
