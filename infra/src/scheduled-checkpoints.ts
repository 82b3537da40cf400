import { runAuditCommand } from './cli/audit.ts';

/** Every five minutes unless `AUDIT_CHECKPOINT_INTERVAL_MS` says otherwise (0 turns it off). */
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 5 * 60_000;

/**
 * Publishes a signed checkpoint of the event log on a schedule while the embedded system runs
 * (`siks audit checkpoint`, in this process): the tree grows by the events since the last one and
 * a new file lands in the checkpoint directory. A failure is reported and the next round tries
 * again. In production the same command runs from cron or a scheduler on a host that holds the
 * signing key (packages/eventstore/TRANSPARENCY.md).
 */
export function scheduleCheckpoints(options: {
  databaseUrl: string;
  env: Readonly<Record<string, string | undefined>>;
  say: (line: string) => void;
}): { stop(): void } {
  const interval = Number(options.env['AUDIT_CHECKPOINT_INTERVAL_MS'] ?? DEFAULT_CHECKPOINT_INTERVAL_MS);
  if (!Number.isFinite(interval) || interval <= 0) return { stop: () => undefined };
  let running = false;
  const round = async (): Promise<void> => {
    if (running) return;
    running = true;
    let report = '';
    const io = {
      out: (text: string) => void (report += text),
      err: (text: string) => void (report += text),
      env: options.env,
    };
    try {
      const code = await runAuditCommand(
        { name: 'audit-checkpoint', databaseUrl: options.databaseUrl, checkpointDir: undefined },
        io,
      );
      const last = report.trim().split('\n').at(-1) ?? '';
      options.say(code === 0 ? `audit checkpoint: ${last}` : `audit checkpoint failed (${code}): ${last}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void round(), interval);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
