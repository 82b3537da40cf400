import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ServiceSpec {
  name: string;
  port: number;
  /** Path of its `main.ts`. */
  entry: string;
  env: Record<string, string>;
}

export interface SupervisorOptions {
  cwd: string;
  /** Node flags before the entry, e.g. `['--import', <tsx>]`. */
  nodeArgs: readonly string[];
  /** One line of output (already prefixed). */
  print: (line: string) => void;
  /** Loud notices (crash, restart, give up). */
  alert: (line: string) => void;
  /** Called once per start when the service's /health/ready answers 200. */
  onReady?: (service: ServiceSpec, pid: number) => void;
}

/** Crash policy: restart with backoff 1 s, 2 s, 4 s … 30 s; give up after 5 crashes in a row. */
export const RESTART_POLICY = {
  firstDelayMs: 1000,
  maxDelayMs: 30_000,
  maxConsecutiveCrashes: 5,
  stableAfterMs: 60_000,
};

/** Resident set size of a process in bytes (Linux `/proc`), or undefined elsewhere. */
export async function residentBytes(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function waitUntilReady(port: number, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  for (let waited = 0; waited < timeoutMs && child.exitCode === null && child.signalCode === null; waited += 250) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200) return true;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  return false;
}

/** Runs one service as a child process, prefixing its output, restarting it after a crash. */
export class SupervisedService {
  private child: ChildProcess | undefined;
  private stopping = false;
  private crashes = 0;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly spec: ServiceSpec,
    private readonly options: SupervisorOptions,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    const { spec, options } = this;
    const startedAt = Date.now();
    // Own process group (Ctrl-C does not reach it directly: the launcher stops services in order)
    // and an IPC channel (the service stops itself when the launcher dies).
    const child = spawn(process.execPath, [...options.nodeArgs, spec.entry], {
      cwd: options.cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      detached: true,
    });
    this.child = child;
    const prefix = `${spec.name.padEnd(12)} |`;
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => options.print(`${prefix} ${line}`));
    }
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        resolve();
        if (this.stopping) return;
        const uptime = Date.now() - startedAt;
        this.crashes = uptime >= RESTART_POLICY.stableAfterMs ? 1 : this.crashes + 1;
        options.alert(
          `!!! ${spec.name} CRASHED (exit code ${code ?? '-'}, signal ${signal ?? '-'}) after ${Math.round(uptime / 1000)} s`,
        );
        if (this.crashes >= RESTART_POLICY.maxConsecutiveCrashes) {
          options.alert(
            `!!! ${spec.name} crashed ${this.crashes} times in a row: NOT restarting it. Fix it and run pnpm start again.`,
          );
          return;
        }
        const delay = Math.min(RESTART_POLICY.firstDelayMs * 2 ** (this.crashes - 1), RESTART_POLICY.maxDelayMs);
        options.alert(
          `!!! restarting ${spec.name} in ${delay / 1000} s (crash ${this.crashes} of ${RESTART_POLICY.maxConsecutiveCrashes})`,
        );
        setTimeout(() => {
          if (!this.stopping) this.start();
        }, delay).unref();
      });
    });
    void waitUntilReady(spec.port, child, 120_000).then((ready) => {
      if (ready && child.pid !== undefined && this.child === child) options.onReady?.(spec, child.pid);
      else if (!ready && child.exitCode === null && !this.stopping) {
        options.alert(`!!! ${spec.name} is running but /health/ready has not answered 200 after 120 s`);
      }
    });
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const gone = await Promise.race([this.exited.then(() => true), sleep(graceMs).then(() => false)]);
    if (!gone) {
      this.options.alert(`!!! ${this.spec.name} did not stop within ${graceMs / 1000} s; killing it`);
      child.kill('SIGKILL');
      await this.exited;
    }
  }

  /** Kills at once (second Ctrl-C). */
  kill(): void {
    this.stopping = true;
    this.child?.kill('SIGKILL');
  }
}
