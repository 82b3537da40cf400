import {
  ProposalEventSchemas,
  uuidv7,
  type Actor,
  type ContentRecord,
  type DuplicateResolution,
  type HouseholdData,
  type HouseholdRecord,
  type Member,
  type MemberRecord,
  type NewEvent,
  type ProposalEventType,
  type ProposalType,
  type Sealed,
} from '@siks/contracts';
import type { EventStore } from '@siks/eventstore';

/**
 * Intake-shaped events for tests (the registry may not import the intake service): content is
 * sealed the way intake seals it (members under `person:<nikIndex>`, household-level data under
 * `proposal:<proposalId>`), and every event is checked against the contracts' schemas.
 */

export interface Sealer {
  seal(subjectId: string, value: unknown): Promise<Sealed>;
  blindIndex(purpose: string, value: string): string;
}

export const VILLAGE_A = '52.02.01.2001';
export const VILLAGE_B = '52.02.01.2002';
export const VILLAGE_OTHER_REGENCY = '52.03.01.2001';

/** A NIK that is unique per `serial` (district 520201, born 1980-01-01 + serial days). */
export function nik(serial: number, female = false): string {
  const day = ((serial % 28) + 1 + (female ? 40 : 0)).toString().padStart(2, '0');
  return `520201${day}0180${((serial % 9000) + 1).toString().padStart(4, '0')}`;
}

export function member(nikValue: string, overrides: Partial<Member> = {}): Member {
  return {
    nik: nikValue,
    name: 'Lalu Ahmad',
    relationship: 'anak',
    sex: 'male',
    birthDate: '1980-01-01',
    birthPlace: 'Praya',
    maritalStatus: 'belum_kawin',
    education: 'sd',
    occupation: 'petani',
    disability: 'tidak_ada',
    ...overrides,
  };
}

/** A KK number unique per head: a KK is active in one household only, and tests register many. */
export const kkOf = (headNik: string): string => `520201010120${headNik.slice(-4)}`;

export function household(
  regionCode: string,
  members: Member[],
  overrides: Partial<HouseholdData> = {},
): HouseholdData {
  return {
    regionCode,
    address: { street: 'Jl. Gajah Mada 7', rt: '003', rw: '001' },
    kkNumber: members[0] ? kkOf(members[0].nik) : '5202010101200001',
    housing: {
      floorAreaPerPersonM2: 6,
      floorType: 'tanah',
      wallType: 'bambu',
      roofType: 'seng',
      ownership: 'milik_sendiri',
      drinkingWater: 'sumur_terlindung',
      lighting: 'listrik_pln',
      cookingFuel: 'kayu_bakar',
      toilet: 'bersama',
      mealsPerDay: 2,
      eatsProteinWeekly: false,
      buysClothingYearly: false,
      canPayTreatment: false,
      hasAssetsOver500k: false,
      incomeBand: 'under_600k',
    },
    members,
    programmes: ['PKH'],
    ...overrides,
  };
}

export async function sealMember(sealer: Sealer, m: Member): Promise<MemberRecord> {
  const { nik: n, name, birthDate, birthPlace, motherName, ...clear } = m;
  const nikIndex = sealer.blindIndex('nik', n);
  const personal = { nik: n, name, birthDate, birthPlace, ...(motherName !== undefined ? { motherName } : {}) };
  return { ...clear, nikIndex, personal: await sealer.seal(`person:${nikIndex}`, personal) };
}

export async function sealHousehold(sealer: Sealer, proposalId: string, data: HouseholdData): Promise<HouseholdRecord> {
  const { address, location, phone, kkNumber, members, ...clear } = data;
  return {
    ...clear,
    ...(kkNumber !== undefined ? { kkIndex: sealer.blindIndex('kk', kkNumber) } : {}),
    members: await Promise.all(members.map((m) => sealMember(sealer, m))),
    personal: await sealer.seal(`proposal:${proposalId}`, {
      address,
      ...(location !== undefined ? { location } : {}),
      ...(phone !== undefined ? { phone } : {}),
      ...(kkNumber !== undefined ? { kkNumber } : {}),
    }),
  };
}

export const operatorOf = (village: string): Actor => ({
  userId: `op-${village}`,
  role: 'operator_desa',
  regionCode: village,
});
export const ADMIN: Actor = { userId: 'admin-5202', role: 'admin_kabkota', regionCode: '52.02' };

function intakeEvent<T extends ProposalEventType>(
  type: T,
  data: unknown,
  actor: Actor,
  correlationId: string,
): NewEvent {
  const schema = ProposalEventSchemas[type];
  return {
    eventId: uuidv7(),
    type,
    schemaVersion: schema.schemaVersion,
    data: schema.data.parse(data) as Record<string, unknown>,
    metadata: {
      actor,
      channel: 'operator',
      occurredAt: new Date().toISOString(),
      correlationId,
      causationId: null,
      ...(type === 'ProposalApproved' ? { reason: 'disahkan' } : {}),
    },
  };
}

export interface ProposalScript {
  proposalId: string;
  events: NewEvent[];
}

/** Drafted (+ amended with `amendedContent`), submitted and approved, ready to append. */
export function approvedProposal(options: {
  proposalId?: string;
  type: ProposalType;
  regionCode: string;
  content: ContentRecord;
  amendedContent?: ContentRecord;
  approver?: Actor;
  /** How the approver resolved people or a KK active in another household. */
  resolution?: DuplicateResolution;
}): ProposalScript {
  const proposalId = options.proposalId ?? uuidv7();
  const operator = operatorOf(options.regionCode);
  const events = [
    intakeEvent(
      'ProposalDrafted',
      {
        proposalId,
        proposalType: options.type,
        regionCode: options.regionCode,
        channel: 'operator',
        createdBy: operator,
        content: options.content,
      },
      operator,
      proposalId,
    ),
  ];
  if (options.amendedContent) {
    events.push(
      intakeEvent(
        'ProposalAmended',
        {
          proposalId,
          reason: 'perbaikan',
          changes: [{ path: 'household.programmes', from: ['PKH'], to: ['PKH', 'BPNT'] }],
          content: options.amendedContent,
        },
        operator,
        proposalId,
      ),
    );
  }
  events.push(intakeEvent('ProposalSubmitted', { proposalId, window: 'none' }, operator, proposalId));
  events.push(
    intakeEvent(
      'ProposalApproved',
      {
        proposalId,
        verificationCaseId: `case-${proposalId}`,
        ...(options.resolution ? { resolution: options.resolution } : {}),
      },
      options.approver ?? ADMIN,
      proposalId,
    ),
  );
  return { proposalId, events };
}

export async function appendProposal(store: EventStore, script: ProposalScript): Promise<void> {
  await store.append(`proposal-${script.proposalId}`, script.events, 'no_stream');
}
