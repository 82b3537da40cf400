import {
  ProposalDraftedData,
  Topics,
  uuidv7,
  type Actor,
  type EventMetadata,
  type Geotag,
  type HouseholdRecord,
  type NewEvent,
  type RecordedEvent,
} from '@siks/contracts';
import type { Relay } from '@siks/bus';
import { migrate } from '@siks/pg';
import { createTestPlatform, type Platform } from '@siks/platform';
import {
  createTokenVerifier,
  generateSigningKeys,
  loadConfig,
  mintToken,
  type ServiceApp,
  type UserRole,
} from '@siks/service-kit';
import { useTestDatabase } from '@siks/testing/vitest';
import { afterAll, vi } from 'vitest';
import { build } from '../src/app.ts';
import { configSchema } from '../src/config.ts';
import { migrations } from '../src/migrations.ts';
import { startWorkers, type Workers } from '../src/workers.ts';

/**
 * One verification service on a fresh database, with relays standing in for intake, document
 * and registry: tests append events shaped by their contracts to `proposal-`, `popref-`,
 * `document-` and `household-` streams, and the real relays and consumers carry them over.
 */
export interface Harness {
  platform: Platform;
  app: ServiceApp;
  workers: Workers;
  token(role: UserRole, region: string, userId?: string): Promise<string>;
}

/**
 * Verification on a test database. `options.keys` fixes the PII keys; `options.adapt` changes the
 * platform the app and workers use (a keyring switched to another blind-index key).
 */
export async function startHarness(
  prefix: string,
  options: { keys?: Parameters<typeof createTestPlatform>[2]; adapt?: (platform: Platform) => Platform } = {},
): Promise<Harness> {
  const url = await useTestDatabase(prefix);
  const created = await createTestPlatform(url, 'verification', options.keys);
  const platform = options.adapt ? options.adapt(created) : created;
  await migrate(platform.pool, [migrations]);
  const keys = await generateSigningKeys();
  const verifier = await createTokenVerifier({ publicKey: keys.publicKey });
  const config = loadConfig(configSchema, {
    DATABASE_URL: url,
    JWT_PUBLIC_KEY: keys.publicKey,
    LOG_LEVEL: 'silent',
    HTTP_RATE_LIMIT_PER_MINUTE: '0',
  });
  const app = build({ config, pool: platform.pool, store: platform.store, keyring: platform.keyring, verifier });
  const workers = await startWorkers({ platform, config });
  const relays: Relay[] = [
    platform.startRelay(Topics.intakeProposals, ['proposal-', 'popref-']),
    platform.startRelay(Topics.documentEvidence, ['document-']),
    platform.startRelay(Topics.registryHouseholds, ['household-', 'cutoff-']),
  ];
  afterAll(async () => {
    await app.close();
    await workers.stop();
    await Promise.all(relays.map((relay) => relay.stop()));
    await created.close();
  });
  return {
    platform,
    app,
    workers,
    token: (role, region, userId = `${role}-${region}`) =>
      mintToken(keys.privateKey, { sub: userId, role, region, name: 'Petugas Uji' }, { expiresIn: '1h' }),
  };
}

/**
 * Waits for the pipeline (relays, bus, consumers): polls `check` until it stops throwing. The
 * bound is generous: on a loaded machine a long writing transaction elsewhere holds back every
 * reader of the global log (see BENCHMARKS.md, Pipeline) — a fresh-clone run at load 9 took 30 s.
 */
export const eventually = <T>(check: () => Promise<T>): Promise<T> =>
  vi.waitFor(check, { timeout: 50_000, interval: 50 });

export const SUBMITTED_AT = '2025-03-16T02:00:00.000Z'; // the 16th, 10:00 WITA: inside the additions window

export interface PersonInput {
  nik: string;
  name: string;
  birthDate: string;
  sex: 'male' | 'female';
  relationship: 'kepala_keluarga' | 'istri_suami' | 'anak';
}

export interface HouseholdInput {
  regionCode: string;
  members: PersonInput[];
  kkNumber?: string;
  location?: { lat: number; lon: number; accuracyM: number; capturedAt: string };
}

const operator = (regionCode: string): Actor => ({ userId: `op-${regionCode}`, role: 'operator_desa', regionCode });

export function metadata(
  actor: Actor,
  occurredAt = SUBMITTED_AT,
  channel: EventMetadata['channel'] = 'operator',
): EventMetadata {
  return { actor, channel, occurredAt, correlationId: uuidv7(), causationId: null };
}

const event = (type: string, data: object, meta: EventMetadata): NewEvent => ({
  eventId: uuidv7(),
  type,
  schemaVersion: 1,
  data: data as Record<string, unknown>,
  metadata: meta,
});

/**
 * A household block sealed the way intake seals it (members under `person:<nikIndex>`, indexes as
 * the log knows them, also during a blind-index key rotation).
 */
export async function sealHousehold(
  platform: Platform,
  subject: string,
  input: HouseholdInput,
): Promise<HouseholdRecord> {
  const { keyring } = platform;
  const indexes = await keyring.identityIndexes(
    'nik',
    input.members.map((person) => person.nik),
    { record: true },
  );
  const [kkIndex] = input.kkNumber ? await keyring.identityIndexes('kk', [input.kkNumber], { record: true }) : [];
  const members = await Promise.all(
    input.members.map(async (person, i) => {
      const nikIndex = indexes[i] ?? keyring.blindIndex('nik', person.nik);
      return {
        relationship: person.relationship,
        sex: person.sex,
        maritalStatus: 'kawin' as const,
        education: 'sd' as const,
        occupation: 'petani' as const,
        disability: 'tidak_ada' as const,
        nikIndex,
        personal: await keyring.seal(`person:${nikIndex}`, {
          nik: person.nik,
          name: person.name,
          birthDate: person.birthDate,
          birthPlace: 'Praya',
        }),
      };
    }),
  );
  return {
    regionCode: input.regionCode,
    ...(kkIndex ? { kkIndex } : {}),
    members,
    programmes: ['PKH'],
    personal: await keyring.seal(subject, {
      address: { street: 'Jl. Uji', rt: '001', rw: '002' },
      ...(input.location ? { location: input.location } : {}),
      ...(input.kkNumber ? { kkNumber: input.kkNumber } : {}),
    }),
  };
}

/** Drafts and submits a `new_household` proposal on its intake stream; returns its id. */
export async function submitNewHousehold(
  platform: Platform,
  input: HouseholdInput,
  at = SUBMITTED_AT,
): Promise<string> {
  const proposalId = uuidv7();
  const household = await sealHousehold(platform, `proposal:${proposalId}`, input);
  const drafted = ProposalDraftedData.parse({
    proposalId,
    proposalType: 'new_household',
    regionCode: input.regionCode,
    channel: 'operator',
    createdBy: operator(input.regionCode),
    content: { type: 'new_household', household },
  });
  await platform.store.append(
    `proposal-${proposalId}`,
    [
      event('ProposalDrafted', drafted, metadata(operator(input.regionCode), at)),
      event('ProposalSubmitted', { proposalId, window: 'additions' }, metadata(operator(input.regionCode), at)),
    ],
    'no_stream',
  );
  return proposalId;
}

/** Drafts and submits a `deactivate` proposal of `regionCode` naming its household by a person's NIK. */
export async function submitDeactivationByNik(
  platform: Platform,
  regionCode: string,
  person: PersonInput,
  at = SUBMITTED_AT,
): Promise<string> {
  const proposalId = uuidv7();
  const nikIndex = platform.keyring.blindIndex('nik', person.nik);
  const drafted = ProposalDraftedData.parse({
    proposalId,
    proposalType: 'deactivate',
    regionCode,
    channel: 'operator',
    createdBy: operator(regionCode),
    content: {
      type: 'deactivate',
      regionCode,
      reason: 'meninggal',
      person: {
        nikIndex,
        personal: await platform.keyring.seal(`person:${nikIndex}`, { nik: person.nik, name: person.name }),
      },
    },
  });
  await platform.store.append(
    `proposal-${proposalId}`,
    [
      event('ProposalDrafted', drafted, metadata(operator(regionCode), at)),
      event('ProposalSubmitted', { proposalId, window: 'additions' }, metadata(operator(regionCode), at)),
    ],
    'no_stream',
  );
  return proposalId;
}

/** Appends an intake event to an existing proposal stream (Resubmitted, Withdrawn, …). */
export async function appendToProposal(
  platform: Platform,
  proposalId: string,
  type: string,
  data: object,
  regionCode: string,
  at = SUBMITTED_AT,
): Promise<RecordedEvent> {
  await platform.store.append(`proposal-${proposalId}`, [event(type, data, metadata(operator(regionCode), at))]);
  const stream = await platform.store.readStream(`proposal-${proposalId}`, { direction: 'backwards', maxCount: 1 });
  const last = stream[0];
  if (!last) throw new Error('appended event not found');
  return last;
}

/** A document uploaded for a proposal (document.evidence.v1). */
export async function uploadDocument(
  platform: Platform,
  input: { proposalId: string; regionCode: string; kind: string; sha256?: string; geotag?: Geotag },
): Promise<string> {
  const documentId = uuidv7();
  const mediaType = input.kind === 'foto_rumah' ? 'image/jpeg' : 'application/pdf';
  await platform.store.append(`document-${documentId}`, [
    event(
      'DocumentUploaded',
      {
        documentId,
        sha256: input.sha256 ?? documentId.replace(/-/g, '').padEnd(64, '0'),
        kind: input.kind,
        mediaType,
        size: 1000,
        proposalId: input.proposalId,
        ...(input.geotag ? { geotag: input.geotag } : {}),
        regionCode: input.regionCode,
        uploadedBy: `op-${input.regionCode}`,
      },
      metadata(operator(input.regionCode)),
    ),
  ]);
  return documentId;
}

/** An uploaded document linked to one more proposal (links add up; document.evidence.v1). */
export async function linkDocument(
  platform: Platform,
  input: { documentId: string; proposalId: string; regionCode: string },
): Promise<void> {
  await platform.store.append(`document-${input.documentId}`, [
    event(
      'DocumentLinked',
      {
        documentId: input.documentId,
        proposalId: input.proposalId,
        regionCode: input.regionCode,
        linkedBy: `op-${input.regionCode}`,
      },
      metadata(operator(input.regionCode)),
    ),
  ]);
}

/** A document withdrawn from a proposal by its village (document.evidence.v1). */
export async function unlinkDocument(
  platform: Platform,
  input: { documentId: string; proposalId: string; regionCode: string; reason: string },
): Promise<void> {
  await platform.store.append(`document-${input.documentId}`, [
    event(
      'DocumentUnlinked',
      {
        documentId: input.documentId,
        proposalId: input.proposalId,
        regionCode: input.regionCode,
        reason: input.reason,
        unlinkedBy: `op-${input.regionCode}`,
      },
      metadata(operator(input.regionCode)),
    ),
  ]);
}

/** A household as the registry records it on approval (registry.households.v1). */
export async function registerHousehold(platform: Platform, input: HouseholdInput): Promise<string> {
  const householdId = uuidv7();
  const proposalId = uuidv7();
  const household = await sealHousehold(platform, `proposal:${proposalId}`, input);
  await platform.store.append(`household-${householdId}`, [
    event(
      'HouseholdRegistered',
      { householdId, proposalId, regionCode: input.regionCode, household },
      metadata({ userId: 'siks-registry', role: 'system', regionCode: '' }, SUBMITTED_AT, 'system'),
    ),
  ]);
  return householdId;
}

/** A population-reference line of an adminduk import. */
export async function recordReference(
  platform: Platform,
  input: { nik: string; name: string; birthDate?: string; event: 'meninggal' | 'pindah'; regionCode: string },
): Promise<void> {
  const importId = uuidv7();
  const nikIndex = platform.keyring.blindIndex('nik', input.nik);
  await platform.store.append(`popref-${importId}`, [
    event(
      'PopulationReferenceRecorded',
      {
        importId,
        row: 1,
        event: input.event,
        eventDate: '2025-02-01',
        regionCode: input.regionCode,
        nikIndex,
        personal: await platform.keyring.seal(`person:${nikIndex}`, {
          nik: input.nik,
          name: input.name,
          ...(input.birthDate ? { birthDate: input.birthDate } : {}),
        }),
      },
      metadata(operator(input.regionCode), SUBMITTED_AT, 'adminduk'),
    ),
  ]);
}

/** Test data only: a NIK built by the rule (district 6 + DDMMYY, women day+40, serial 4). */
export function nikFor(birthDate: string, sex: 'male' | 'female', serial: number, district = '520201'): string {
  const [year = '', month = '', day = ''] = birthDate.split('-');
  const dd = Number(day) + (sex === 'female' ? 40 : 0);
  return `${district}${String(dd).padStart(2, '0')}${month}${year.slice(2)}${String(serial).padStart(4, '0')}`;
}

let serial = 1;
/** A household of a head and a wife with fresh, valid NIKs. */
export function family(regionCode: string, overrides: Partial<HouseholdInput> = {}): HouseholdInput {
  serial += 2;
  return {
    regionCode,
    members: [
      {
        nik: nikFor('1980-05-12', 'male', serial),
        name: 'Budi Santoso',
        birthDate: '1980-05-12',
        sex: 'male',
        relationship: 'kepala_keluarga',
      },
      {
        nik: nikFor('1985-07-03', 'female', serial + 1),
        name: 'Siti Aminah',
        birthDate: '1985-07-03',
        sex: 'female',
        relationship: 'istri_suami',
      },
    ],
    location: { lat: -8.7056, lon: 116.2706, accuracyM: 10, capturedAt: '2025-03-10T01:00:00Z' },
    ...overrides,
  };
}

/** A geotag at the household's location, taken shortly before submission. */
export const nearGeotag: Geotag = { lat: -8.7057, lon: 116.2707, capturedAt: '2025-03-12T09:00:00+08:00' };

/**
 * A verification body for a case whose latest round is `results`: every failing check is
 * named as overridden, with a reason (none are needed when nothing failed).
 */
export function verifyOver(results: readonly { check: string; result: string }[]): Record<string, unknown> {
  const overrides = results.filter((result) => result.result === 'fail').map((result) => result.check);
  return overrides.length === 0
    ? { decision: 'verify' }
    : { decision: 'verify', overrides, reason: 'Sudah dicek langsung ke lapangan' };
}
