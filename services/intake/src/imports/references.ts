import {
  deterministicId,
  PopulationReferenceRecordedData,
  PopulationReferenceSchemas,
  type EventMetadata,
  type NewEvent,
} from '@siks/contracts';
import { DuplicateEventIdError, type EventStore } from '@siks/eventstore';
import { personSubject, SEALED_FIELDS, withIdentities, type PersonalDataSealer } from '../proposals/seal.ts';
import type { PopulationReference } from './results.ts';

export const POPULATION_REFERENCE_STREAM_PREFIX = 'popref-';
export const populationReferenceStream = (importId: string): string =>
  `${POPULATION_REFERENCE_STREAM_PREFIX}${importId}`;

/**
 * `PopulationReferenceRecorded`: an adminduk line kept for verification's Dukcapil match. The
 * NIK, new NIK and KK indexes stay in clear; the line itself is sealed under the person.
 */
export async function referenceEvent(
  importId: string,
  reference: PopulationReference,
  sealer: PersonalDataSealer,
  metadata: EventMetadata,
): Promise<NewEvent> {
  const nikIndex = sealer.blindIndex('nik', reference.nik);
  const personal = {
    nik: reference.nik,
    name: reference.name,
    ...(reference.birthDate !== undefined ? { birthDate: reference.birthDate } : {}),
    ...(reference.sex !== undefined ? { sex: reference.sex } : {}),
    ...(reference.kkNumber !== undefined ? { kkNumber: reference.kkNumber } : {}),
    ...(reference.newNik !== undefined ? { newNik: reference.newNik } : {}),
  };
  const data = PopulationReferenceRecordedData.parse({
    importId,
    row: reference.row,
    event: reference.event,
    eventDate: reference.eventDate,
    regionCode: reference.regionCode,
    ...(reference.destinationRegionCode !== undefined
      ? { destinationRegionCode: reference.destinationRegionCode }
      : {}),
    nikIndex,
    ...(reference.newNik !== undefined ? { newNikIndex: sealer.blindIndex('nik', reference.newNik) } : {}),
    ...(reference.kkNumber !== undefined ? { kkIndex: sealer.blindIndex('kk', reference.kkNumber) } : {}),
    personal: await sealer.seal(personSubject(nikIndex), personal, SEALED_FIELDS.reference),
  });
  return {
    eventId: deterministicId(importId, `reference:${reference.row}`),
    type: 'PopulationReferenceRecorded',
    schemaVersion: PopulationReferenceSchemas.PopulationReferenceRecorded.schemaVersion,
    data,
    metadata,
  };
}

/** Appends the references of one batch (a retried batch appends nothing twice). */
export async function appendReferences(
  store: EventStore,
  importId: string,
  references: readonly PopulationReference[],
  unresolved: PersonalDataSealer,
  metadata: EventMetadata,
): Promise<void> {
  if (references.length === 0) return;
  // The batch's NIK and KK indexes in one look-up (kept across a blind-index key rotation).
  const sealer = await withIdentities(unresolved, references, { record: true });
  const events = await Promise.all(
    references.map((reference) => referenceEvent(importId, reference, sealer, metadata)),
  );
  const stream = populationReferenceStream(importId);
  try {
    await store.append(stream, events, 'any');
  } catch (error) {
    // Part of this batch was appended by an earlier run cut differently: one by one, each idempotent.
    if (!(error instanceof DuplicateEventIdError)) throw error;
    for (const event of events) await store.append(stream, [event], 'any');
  }
}
