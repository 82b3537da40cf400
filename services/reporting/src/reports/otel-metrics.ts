import { metrics } from '@opentelemetry/api';
import { groupTotals, readLag } from '../consumers/lag.ts';
import { readStates } from '../projections/state.ts';
import type { ReportDeps } from './deps.ts';

/**
 * Projection lag and rebuild progress as OpenTelemetry gauges (beside the prom-client gauges of
 * `installLagMetrics`, which `/metrics` keeps for scrapers), read when metrics are collected.
 * Rebuild progress is the share of its topics' messages a generation being built has applied;
 * 1 (with the live generation) while no rebuild runs.
 */
export function observeProjections(deps: Pick<ReportDeps, 'pool' | 'bus'>): void {
  const meter = metrics.getMeter('@siks/reporting');
  const lagEvents = meter.createObservableGauge('siks.projection.lag', {
    description: 'Messages on a projection’s topics its live consumer group has not applied yet',
    unit: '{message}',
  });
  const lagSeconds = meter.createObservableGauge('siks.projection.lag.age', {
    description: 'How long events have been waiting for a projection (0 when none wait)',
    unit: 's',
  });
  const rebuild = meter.createObservableGauge('siks.projection.rebuild.progress', {
    description: 'Share of its topics’ messages a projection being rebuilt has applied (0 to 1)',
    unit: '1',
  });
  meter.addBatchObservableCallback(
    async (result) => {
      const [lags, states] = await Promise.all([readLag(deps.pool, deps.bus), readStates(deps.pool)]);
      for (const lag of lags) {
        result.observe(lagEvents, lag.lagEvents, { projection: lag.name });
        if (lag.lagSeconds !== null) result.observe(lagSeconds, lag.lagSeconds, { projection: lag.name });
      }
      for (const state of states) {
        if (state.building === null) {
          result.observe(rebuild, 1, { projection: state.name, generation: state.generation });
          continue;
        }
        const { processed, total } = await groupTotals(deps.bus, state.name, state.building);
        result.observe(rebuild, total === 0 ? 1 : Math.min(1, processed / total), {
          projection: state.name,
          generation: state.building,
        });
      }
    },
    [lagEvents, lagSeconds, rebuild],
  );
}
