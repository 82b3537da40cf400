import { intVar, portVar, serviceConfigSchema } from '@siks/service-kit';
import { personalReadConfigShape } from '@siks/service-kit/access';
import { WindowConfigVar, type WindowConfig } from '@siks/contracts';

/** Configuration of the verification service: the shared variables (see service-kit) plus its own. */
export const configSchema = serviceConfigSchema({
  PORT: portVar(3003),
  ...personalReadConfigShape,
  /** How far a house photo may lie from the household's recorded location (plus its accuracy). */
  GEOTAG_MAX_DISTANCE_M: intVar(200),
  /** How old a house photo may be at submission. */
  GEOTAG_MAX_AGE_DAYS: intVar(90),
  /** JSON of the monthly windows (see @siks/contracts proposals/window.ts); the DOMAIN.md defaults otherwise. */
  PROPOSAL_WINDOWS: WindowConfigVar,
});

export type Config = ReturnType<typeof configSchema.parse>;

/** The parts of the configuration the automated checks read. */
export interface CheckConfig {
  geotagMaxDistanceM: number;
  geotagMaxAgeDays: number;
  windows: WindowConfig;
}

export function checkConfigOf(
  config: Pick<Config, 'GEOTAG_MAX_DISTANCE_M' | 'GEOTAG_MAX_AGE_DAYS' | 'PROPOSAL_WINDOWS'>,
): CheckConfig {
  return {
    geotagMaxDistanceM: config.GEOTAG_MAX_DISTANCE_M,
    geotagMaxAgeDays: config.GEOTAG_MAX_AGE_DAYS,
    windows: config.PROPOSAL_WINDOWS,
  };
}
