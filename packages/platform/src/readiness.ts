import type { ConsumerCheck } from '@siks/bus';
import type { Platform } from './platform.ts';

/** The thresholds of `/health/ready` in a service's configuration (service-kit's base variables). */
export interface ConsumerHealthConfig {
  HEALTH_MAX_CONSUMER_LAG?: number;
  HEALTH_CONSUMER_STUCK_SECONDS?: number;
}

/** Longest wait for the bus's lag answer before the check counts as failed. */
const TIMEOUT_MS = 2_000;

/**
 * The readiness checks of a service's consumer groups, for `app.addReadinessChecks`: one per
 * running group, failing with `stuck` or `behind` past the configured thresholds, so that an
 * orchestrator stops routing to (or restarts) a service whose consumers do not keep up.
 */
export function consumerReadiness(
  platform: Pick<Platform, 'consumers'>,
  config: ConsumerHealthConfig,
): () => Promise<ConsumerCheck[]> {
  const thresholds = {
    maxLag: config.HEALTH_MAX_CONSUMER_LAG ?? 10_000,
    stuckAfterMs: (config.HEALTH_CONSUMER_STUCK_SECONDS ?? 120) * 1000,
  };
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<ConsumerCheck[]>((resolve) => {
      timer = setTimeout(() => resolve([{ name: 'consumers', ok: false, detail: 'timeout' }]), TIMEOUT_MS);
    });
    try {
      return await Promise.race([platform.consumers.check(thresholds), timeout]);
    } catch {
      return [{ name: 'consumers', ok: false, detail: 'failed' }];
    } finally {
      clearTimeout(timer);
    }
  };
}
