import { CutoffEventSchemas, deterministicId, type Actor, type CutoffFixedData } from '@siks/contracts';
import { WrongExpectedRevisionError, type EventStore } from '@siks/eventstore';
import type { Queryable } from '@siks/pg';
import { conflict } from '@siks/service-kit';
import { CUTOFF_PREFIX, HOUSEHOLD_PREFIX } from '../households/streams.ts';
import { readModelPosition } from '../read-model/project.ts';

export const cutoffStream = (cutoffId: string): string => `${CUTOFF_PREFIX}${cutoffId}`;

/** One cut-off per regency and period: its id is derived from both. */
export const cutoffIdOf = (regencyCode: string, period: string): string =>
  deterministicId('registry.cutoff', `${regencyCode}:${period}`);

/** The start of the log, as a position every event comes after. */
const LOG_START = '0:0';

/**
 * The position of the last household event readable now. Starts from where the read models
 * are (not to read the whole log) and reads on to the end. Stable: the store only hands out
 * events no earlier-ordered transaction can still precede, so any household event committed
 * later sorts after it.
 */
export async function householdLogHead(store: EventStore, db: Queryable): Promise<string> {
  let position = await readModelPosition(db);
  for (;;) {
    const events = await store.readAll({ after: position, streamPrefixes: [HOUSEHOLD_PREFIX], maxCount: 1000 });
    const last = events.at(-1);
    if (last) position = last.logPosition;
    if (events.length < 1000) return position === '' ? LOG_START : position;
  }
}

export interface Cutoff extends CutoffFixedData {
  fixedAt: string;
  fixedBy: Actor;
}

export interface FixCutoffInput {
  regencyCode: string;
  period: string;
  actor: Actor;
  correlationId: string;
  traceparent?: string;
}

/**
 * Fixes the cut-off of a regency for a period at the current end of the household log.
 * 409 (with the existing `cutoffId`) when that regency's period is already fixed.
 */
export async function fixCutoff(
  deps: { store: EventStore; db: Queryable; now: () => Date; newId: () => string },
  input: FixCutoffInput,
): Promise<Cutoff> {
  const cutoffId = cutoffIdOf(input.regencyCode, input.period);
  const logPosition = await householdLogHead(deps.store, deps.db);
  const data = CutoffEventSchemas.CutoffFixed.data.parse({
    cutoffId,
    regencyCode: input.regencyCode,
    period: input.period,
    logPosition,
    regionCode: input.regencyCode,
  });
  const at = deps.now().toISOString();
  try {
    await deps.store.append(
      cutoffStream(cutoffId),
      [
        {
          eventId: deps.newId(),
          type: 'CutoffFixed',
          schemaVersion: CutoffEventSchemas.CutoffFixed.schemaVersion,
          data,
          metadata: {
            actor: input.actor,
            channel: 'operator',
            occurredAt: at,
            correlationId: input.correlationId,
            causationId: null,
            ...(input.traceparent !== undefined ? { traceparent: input.traceparent } : {}),
          },
        },
      ],
      'no_stream',
    );
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError) throw conflict({ cutoffId }, 'cutoff_exists');
    throw error;
  }
  const stored = await readCutoff(deps.store, cutoffId);
  if (!stored) throw new Error('cut-off vanished after it was fixed');
  return stored;
}

/** A cut-off as recorded, or undefined. */
export async function readCutoff(store: EventStore, cutoffId: string): Promise<Cutoff | undefined> {
  const [event] = await store.readStream(cutoffStream(cutoffId), { maxCount: 1 });
  if (!event || event.type !== 'CutoffFixed') return undefined;
  const data = CutoffEventSchemas.CutoffFixed.data.parse(event.data);
  return { ...data, fixedAt: event.recordedAt, fixedBy: event.metadata.actor };
}
