import { Gauge, type Registry } from '@siks/service-kit';
import { readLag, type ProjectionLag } from '../consumers/lag.ts';
import type { ReportDeps } from './deps.ts';

/**
 * Projection lag gauges, read from the bus and the workers' samples when Prometheus scrapes
 * (so they hold wherever the workers run). One read serves both gauges of a scrape.
 */
export function installLagMetrics(registry: Registry, deps: Pick<ReportDeps, 'pool' | 'bus'>): void {
  let pending: { at: number; lags: Promise<ProjectionLag[]> } | undefined;
  const lags = (): Promise<ProjectionLag[]> => {
    if (!pending || Date.now() - pending.at > 500) pending = { at: Date.now(), lags: readLag(deps.pool, deps.bus) };
    return pending.lags;
  };
  new Gauge({
    name: 'reporting_projection_lag_events',
    help: 'Messages on a projection’s topics its live consumer group has not applied yet',
    labelNames: ['projection'] as const,
    registers: [registry],
    async collect() {
      for (const lag of await lags()) this.set({ projection: lag.name }, lag.lagEvents);
    },
  });
  new Gauge({
    name: 'reporting_projection_lag_seconds',
    help: 'How long events have been waiting for a projection (0 when none wait)',
    labelNames: ['projection'] as const,
    registers: [registry],
    async collect() {
      for (const lag of await lags()) if (lag.lagSeconds !== null) this.set({ projection: lag.name }, lag.lagSeconds);
    },
  });
  new Gauge({
    name: 'reporting_projection_events_applied',
    help: 'Distinct events in a projection’s live tables',
    labelNames: ['projection'] as const,
    registers: [registry],
    async collect() {
      for (const lag of await lags()) this.set({ projection: lag.name }, lag.eventsApplied);
    },
  });
}
