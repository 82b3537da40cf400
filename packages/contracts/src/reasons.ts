import { z } from 'zod';
import { DocumentRejectionReason } from './documents/events.ts';
import { DeactivationReason, RemovalReason } from './proposals/enums.ts';

/**
 * Reasons a service writes by itself, as a code, where a person reads a reason (an event's
 * `reason`, an audit line): `withdrawn` is verification's reason for closing the case of a
 * withdrawn proposal when intake's event names none.
 */
export const SystemReason = z.enum(['withdrawn']);
export type SystemReason = z.infer<typeof SystemReason>;

/**
 * Every reason code that can reach a person's screen: refused evidence, deactivation and
 * removal reasons of the registry, and the services' own. The console shows words for each
 * (its catalogue test fails for a code added here without them); any other reason is a
 * person's own text and shown as written.
 */
export const REASON_CODES: readonly string[] = [
  ...DocumentRejectionReason.options,
  ...DeactivationReason.options,
  ...RemovalReason.options,
  ...SystemReason.options,
];
