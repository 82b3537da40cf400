import { readdir, readFile } from 'node:fs/promises';

/** CPU seconds (user + system) of every process of this machine, by pid, with its name (Linux `/proc`; empty elsewhere). */
export async function processCpuSeconds(): Promise<Map<number, { name: string; seconds: number }>> {
  const found = new Map<number, { name: string; seconds: number }>();
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return found;
  }
  await Promise.all(
    entries
      .filter((entry) => /^\d+$/.test(entry))
      .map(async (entry) => {
        try {
          const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
          const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          // utime and stime, fields 14 and 15 of proc(5), in clock ticks (100 per second on Linux).
          found.set(Number(entry), { name, seconds: (Number(fields[11]) + Number(fields[12])) / 100 });
        } catch {
          // the process ended meanwhile
        }
      }),
  );
  return found;
}

/**
 * Cores used between two snapshots by each named process (`pids`) and by all processes called
 * `postgres` together: where the machine's CPU went during a phase.
 */
export function coresBetween(
  before: Map<number, { name: string; seconds: number }>,
  after: Map<number, { name: string; seconds: number }>,
  pids: Record<string, number | undefined>,
  seconds: number,
): Record<string, number> {
  const used = (pid: number): number => (after.get(pid)?.seconds ?? 0) - (before.get(pid)?.seconds ?? 0);
  const round = (value: number): number => Math.round((value / seconds) * 100) / 100;
  const cores: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) if (pid !== undefined) cores[name] = round(used(pid));
  let postgres = 0;
  for (const [pid, { name }] of after) if (name === 'postgres') postgres += used(pid);
  cores['postgres'] = round(postgres);
  return cores;
}
