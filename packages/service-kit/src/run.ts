import type { FastifyInstance } from 'fastify';

/** Something to stop on shutdown, in order: consumers first, pools last. */
export interface ShutdownHook {
  name: string;
  close: () => Promise<void>;
}

export interface RunServiceOptions {
  app: FastifyInstance;
  port: number;
  host: string;
  /** Run in order after the server stopped taking requests and finished those in flight. */
  onShutdown?: readonly ShutdownHook[];
  /** After this long the process exits with 1 whatever is still running (default 15 s). */
  shutdownTimeoutMs?: number;
  signals?: readonly NodeJS.Signals[];
  /** Defaults to `process.exit`; tests pass their own. */
  exit?: (code: number) => void;
}

export interface RunningService {
  /** The address the server listens on, e.g. `http://127.0.0.1:3001`. */
  address: string;
  /** Shuts down as a signal would (without exiting when `exit` is a no-op); idempotent. */
  stop(reason?: string): Promise<number>;
}

/**
 * Listens, then on SIGTERM/SIGINT (or when the parent process that spawned it with an IPC
 * channel goes away): stops taking requests (`app.close()` waits for those in flight), runs the
 * shutdown hooks in order, and exits 0 — or 1 if a hook failed or the hard timeout passed.
 */
export async function runService(options: RunServiceOptions): Promise<RunningService> {
  const { app } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const address = await app.listen({ port: options.port, host: options.host });

  let stopping: Promise<number> | undefined;
  const stop = (reason = 'stop'): Promise<number> => {
    stopping ??= (async () => {
      app.log.info({ reason }, 'shutting down');
      const timer = setTimeout(() => {
        app.log.error({ timeoutMs: options.shutdownTimeoutMs ?? 15_000 }, 'shutdown timed out; exiting');
        exit(1);
      }, options.shutdownTimeoutMs ?? 15_000);
      timer.unref();
      let code = 0;
      try {
        await app.close();
      } catch (error) {
        app.log.error({ err: error }, 'closing the HTTP server failed');
        code = 1;
      }
      for (const hook of options.onShutdown ?? []) {
        try {
          await hook.close();
        } catch (error) {
          app.log.error({ err: error, hook: hook.name }, 'shutdown hook failed');
          code = 1;
        }
      }
      clearTimeout(timer);
      for (const signal of signals) process.removeListener(signal, onSignal);
      process.removeListener('disconnect', onDisconnect);
      app.log.info({ code }, 'stopped');
      exit(code);
      return code;
    })();
    return stopping;
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      app.log.warn({ signal }, 'second signal; exiting now');
      exit(1);
      return;
    }
    void stop(signal);
  };
  const onDisconnect = (): void => void stop('parent process gone');
  for (const signal of signals) process.on(signal, onSignal);
  if (process.send !== undefined) process.on('disconnect', onDisconnect);
  return { address, stop };
}
