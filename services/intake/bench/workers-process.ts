import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from '@siks/testing';

export interface WorkersProcess {
  stop(): Promise<void>;
}

/**
 * Starts intake's `main.ts` with `INTAKE_ROLE=workers` (relay, read model, verification consumer)
 * as its own process, the way a deployment that splits the roles runs it, and resolves once its
 * health route answers (the workers start before it listens).
 */
export async function startWorkersProcess(env: Record<string, string>): Promise<WorkersProcess> {
  const port = await freePort();
  const child: ChildProcess = fork(new URL('../src/main.ts', import.meta.url), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env, INTAKE_ROLE: 'workers', HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit');
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`intake workers process exited with ${String(child.exitCode)}`);
    const live = await fetch(`http://127.0.0.1:${port}/health/live`).then(
      (response) => response.ok,
      () => false,
    );
    if (live) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('intake workers process did not start within 60 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
