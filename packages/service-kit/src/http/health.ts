import type { FastifyInstance } from 'fastify';
import type { MessageCatalogue } from '../errors/messages.ts';
import { ProblemError } from '../errors/problem.ts';
import { sendProblem } from './errors.ts';

/** The outcome of one readiness check. `detail` is an error code or "timeout", never a message. */
export interface HealthCheck {
  name: string;
  ok: boolean;
  detail?: string;
}

/** Something that can run SQL: a `pg` pool or client. */
export interface SqlProbeTarget {
  query(sql: string): Promise<unknown>;
}

/**
 * Runs `probe` with a time limit; failures become `{ ok: false, detail }` where detail is the
 * error's code (`ECONNREFUSED`, `3D000`, …) or "timeout". Calls `onFailure` with the error so the
 * caller can log it in full.
 */
export async function runCheck(
  name: string,
  probe: () => Promise<unknown>,
  options: { timeoutMs?: number; onFailure?: (error: unknown) => void } = {},
): Promise<HealthCheck> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), options.timeoutMs ?? 2000);
  });
  try {
    await Promise.race([probe(), timeout]);
    return { name, ok: true };
  } catch (error) {
    options.onFailure?.(error);
    const code = (error as { code?: unknown }).code;
    const detail = typeof code === 'string' ? code : (error as Error).message === 'timeout' ? 'timeout' : 'failed';
    return { name, ok: false, detail };
  } finally {
    clearTimeout(timer);
  }
}

/** `SELECT 1` against a PostgreSQL pool as a readiness check. */
export function checkPostgres(
  db: SqlProbeTarget,
  name = 'database',
  options: { timeoutMs?: number; onFailure?: (error: unknown) => void } = {},
): Promise<HealthCheck> {
  return runCheck(name, () => db.query('SELECT 1'), options);
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Adds checks to `GET /health/ready` besides the app's own, from the composition root
     * (`main.ts`), e.g. the platform's consumer groups: not ready when stuck or far behind.
     */
    addReadinessChecks(checks: () => Promise<HealthCheck[]>): void;
  }
}

/**
 * `GET /health/live` (the process answers) and `GET /health/ready` (its dependencies answer, and
 * whatever `app.addReadinessChecks` added: e.g. its consumers keep up).
 */
export function installHealthRoutes(
  app: FastifyInstance,
  appReady: () => Promise<HealthCheck[]>,
  catalogue: MessageCatalogue,
): void {
  const added: (() => Promise<HealthCheck[]>)[] = [];
  app.decorate('addReadinessChecks', (checks: () => Promise<HealthCheck[]>) => void added.push(checks));
  const ready = async (): Promise<HealthCheck[]> =>
    (await Promise.all([appReady(), ...added.map((checks) => checks())])).flat();
  const system = { config: { public: true }, schema: { hide: true } } as const;
  app.get('/health/live', system, async () => ({ status: 'ok' }));
  app.get('/health/ready', system, async (request, reply) => {
    let checks: HealthCheck[];
    try {
      checks = await ready();
    } catch (error) {
      request.log.error({ err: error }, 'readiness checks threw');
      checks = [{ name: 'checks', ok: false, detail: 'failed' }];
    }
    const failed = checks.filter((check) => !check.ok);
    if (failed.length === 0) return { status: 'ready', checks };
    request.log.warn({ failed: failed.map((check) => `${check.name}:${check.detail ?? ''}`) }, 'not ready');
    return sendProblem(
      request,
      reply,
      new ProblemError({
        status: 503,
        code: 'not_ready',
        params: { failed: failed.map((check) => check.name).join(', ') },
        extensions: { checks },
        headers: { 'retry-after': '5' },
      }),
      catalogue,
    );
  });
}
