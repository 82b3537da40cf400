import { createHash } from 'node:crypto';
import {
  AccessEventSchemas,
  CaseEventSchemas,
  deterministicId,
  DocumentLinkedV1,
  DocumentUploadedV1,
  HouseholdEventSchemas,
  ProposalEventSchemas,
  type CaseEventType,
  type HouseholdEventType,
  uuidv7,
  type Actor,
  type Channel,
  type ContentRecord,
  type EventMetadata,
  type ProposalEventType,
  type ProposalType,
} from '@siks/contracts';
import type { Platform } from '@siks/platform';

/** People of the test stories; scopes follow DESIGN.md §7. */
export const people = {
  operator: (village: string, userId = `op-${village}`): Actor => ({
    userId,
    role: 'operator_desa',
    regionCode: village,
  }),
  verifikator: (regency: string, userId = `ver-${regency}`): Actor => ({
    userId,
    role: 'verifikator_kabkota',
    regionCode: regency,
  }),
  admin: (regency: string, userId = `adm-${regency}`): Actor => ({
    userId,
    role: 'admin_kabkota',
    regionCode: regency,
  }),
  system: (userId = 'system'): Actor => ({ userId, role: 'system', regionCode: '' }),
};

const regencyOf = (village: string): string => village.slice(0, 5);

export interface StoryProposal {
  proposalId: string;
  village: string;
  type: ProposalType;
  channel: Channel;
  operator: Actor;
}

/**
 * Appends realistic events of all four services straight into their streams (reporting may
 * not import the other services): intake's and document's data are checked against the
 * committed contracts; verification's and registry's follow docs/flow.md. Personal fields are
 * sealed with the platform's keyring. Time is a test clock that moves one minute per event.
 */
export class Story {
  #clock: number;
  readonly platform: Platform;

  constructor(platform: Platform, start = '2025-06-16T02:00:00.000Z') {
    this.platform = platform;
    this.#clock = Date.parse(start);
  }

  /** Moves the test clock (e.g. a day ahead). */
  advance(ms: number): void {
    this.#clock += ms;
  }

  at(): string {
    this.#clock += 60_000;
    return new Date(this.#clock).toISOString();
  }

  async append(
    streamId: string,
    type: string,
    data: Record<string, unknown>,
    actor: Actor,
    extra: { channel?: Channel; reason?: string; causationId?: string } = {},
  ): Promise<string> {
    const eventId = uuidv7(this.#clock);
    const metadata: EventMetadata = {
      actor,
      channel: extra.channel ?? (actor.role === 'system' ? 'system' : 'operator'),
      occurredAt: this.at(),
      correlationId: eventId,
      causationId: extra.causationId ?? null,
      ...(extra.reason ? { reason: extra.reason } : {}),
    };
    await this.platform.store.append(streamId, [{ eventId, type, schemaVersion: 1, data, metadata }], 'any');
    return eventId;
  }

  async proposalEvent(proposal: StoryProposal, type: ProposalEventType, data: object, actor: Actor, reason?: string) {
    const parsed = ProposalEventSchemas[type].data.parse({ proposalId: proposal.proposalId, ...data });
    return this.append(`proposal-${proposal.proposalId}`, type, parsed as Record<string, unknown>, actor, {
      channel: actor.role === 'system' ? 'system' : proposal.channel,
      ...(reason ? { reason } : {}),
    });
  }

  caseEvent(proposal: StoryProposal, type: CaseEventType, data: object, actor: Actor, reason?: string) {
    const parsed = CaseEventSchemas[type].data.parse({ proposalId: proposal.proposalId, ...data });
    return this.append(`case-${proposal.proposalId}`, type, parsed as Record<string, unknown>, actor, {
      channel: actor.role === 'system' ? 'system' : 'operator',
      ...(reason ? { reason } : {}),
    });
  }

  householdEvent(
    householdId: string,
    type: HouseholdEventType,
    data: object,
    actor: Actor = people.system('registry'),
  ) {
    const parsed = HouseholdEventSchemas[type].data.parse({ householdId, ...data });
    return this.append(`household-${householdId}`, type, parsed as Record<string, unknown>, actor);
  }

  nikIndex(nik: string): string {
    return this.platform.keyring.blindIndex('nik', nik);
  }

  async newHouseholdContent(proposalId: string, village: string, nik: string): Promise<ContentRecord> {
    const nikIndex = this.nikIndex(nik);
    return {
      type: 'new_household',
      household: {
        regionCode: village,
        members: [
          {
            relationship: 'kepala_keluarga',
            sex: 'male',
            maritalStatus: 'kawin',
            education: 'sd',
            occupation: 'petani',
            disability: 'tidak_ada',
            nikIndex,
            personal: await this.platform.keyring.seal(`person:${nikIndex}`, {
              nik,
              name: 'Lalu Ahmad',
              birthDate: '1980-03-12',
              birthPlace: 'Praya',
            }),
          },
        ],
        programmes: ['PKH'],
        personal: await this.platform.keyring.seal(`proposal:${proposalId}`, {
          address: { street: 'Jl. Gajah Mada 7', rt: '003', rw: '001' },
        }),
      },
    };
  }

  async draft(options: {
    village: string;
    type?: ProposalType;
    channel?: Channel;
    operator?: Actor;
    nik?: string;
  }): Promise<StoryProposal> {
    const proposal: StoryProposal = {
      proposalId: uuidv7(this.#clock),
      village: options.village,
      type: options.type ?? 'new_household',
      channel: options.channel ?? 'operator',
      operator: options.operator ?? people.operator(options.village),
    };
    const content =
      proposal.type === 'new_household'
        ? await this.newHouseholdContent(proposal.proposalId, proposal.village, options.nik ?? '5202011203800001')
        : {
            type: 'deactivate' as const,
            householdId: uuidv7(this.#clock),
            regionCode: proposal.village,
            reason: 'meninggal' as const,
          };
    await this.proposalEvent(
      proposal,
      'ProposalDrafted',
      {
        proposalType: proposal.type,
        regionCode: proposal.village,
        channel: proposal.channel,
        createdBy: proposal.operator,
        content,
      },
      proposal.operator,
    );
    return proposal;
  }

  submit(proposal: StoryProposal) {
    return this.proposalEvent(proposal, 'ProposalSubmitted', { window: 'additions' }, proposal.operator);
  }

  async amend(proposal: StoryProposal, reason: string) {
    const content = await this.newHouseholdContent(proposal.proposalId, proposal.village, '5202011203800001');
    const nameChange = await this.platform.keyring.seal(`proposal:${proposal.proposalId}`, {
      from: 'Lalu Ahmad',
      to: 'Lalu Ahmad Fauzi',
    });
    return this.proposalEvent(
      proposal,
      'ProposalAmended',
      {
        reason,
        changes: [
          { path: 'household.housing.floorType', from: 'tanah', to: 'semen' },
          { path: 'household.members.0.name', personal: nameChange },
        ],
        content,
      },
      proposal.operator,
      reason,
    );
  }

  resubmit(proposal: StoryProposal) {
    return this.proposalEvent(proposal, 'ProposalResubmitted', {}, proposal.operator);
  }

  withdraw(proposal: StoryProposal, reason: string) {
    return this.proposalEvent(proposal, 'ProposalWithdrawn', { reason }, proposal.operator, reason);
  }

  // Verification (stream case-<proposalId>), then intake's mirrored outcome (as intake appends it).

  async openCase(
    proposal: StoryProposal,
    checks: { check: string; result: 'pass' | 'warn' | 'fail'; reason: string }[],
    round = 1,
  ): Promise<void> {
    const system = people.system('verification');
    if (round === 1) {
      await this.caseEvent(
        proposal,
        'CaseOpened',
        { regionCode: proposal.village, proposalType: proposal.type, channel: proposal.channel },
        system,
      );
    }
    await this.caseEvent(
      proposal,
      'ChecksCompleted',
      { round, trigger: round === 1 ? 'submitted' : 'resubmitted', results: checks },
      system,
    );
  }

  async decide(
    proposal: StoryProposal,
    decision: 'verify' | 'return' | 'reject',
    options: { by?: Actor; reason?: string; fields?: string[] } = {},
  ): Promise<void> {
    const by = options.by ?? people.verifikator(regencyOf(proposal.village));
    const caseId = `case-${proposal.proposalId}`;
    const system = people.system('intake');
    if (decision === 'verify') {
      await this.caseEvent(proposal, 'CaseVerified', {}, by);
      await this.proposalEvent(proposal, 'ProposalVerified', { verificationCaseId: caseId }, system);
    } else if (decision === 'return') {
      const reason = options.reason ?? 'foto rumah kurang jelas';
      const fields = options.fields ?? ['household.housing.floorType'];
      await this.caseEvent(proposal, 'CaseReturned', { reason, fields }, by, reason);
      await this.proposalEvent(
        proposal,
        'ProposalReturned',
        { verificationCaseId: caseId, reason, fields },
        system,
        reason,
      );
    } else {
      const reason = options.reason ?? 'tidak memenuhi kriteria';
      await this.caseEvent(proposal, 'CaseRejected', { reason }, by, reason);
      await this.proposalEvent(proposal, 'ProposalRejected', { verificationCaseId: caseId, reason }, system, reason);
    }
  }

  async orderFieldValidation(proposal: StoryProposal, by?: Actor): Promise<void> {
    const fieldValidationId = uuidv7(this.#clock);
    const actor = by ?? people.verifikator(regencyOf(proposal.village));
    const instructions = await this.platform.keyring.seal(`proposal:${proposal.proposalId}`, {
      instructions: 'Kunjungi rumah Bapak Lalu Ahmad',
    });
    await this.caseEvent(proposal, 'FieldValidationOrdered', { fieldValidationId, personal: instructions }, actor);
    await this.caseEvent(proposal, 'FieldValidationRecorded', { fieldValidationId, outcome: 'confirmed' }, actor);
  }

  async approve(proposal: StoryProposal, by?: Actor): Promise<void> {
    const actor = by ?? people.admin(regencyOf(proposal.village));
    await this.caseEvent(proposal, 'CaseApproved', { batchId: uuidv7(this.#clock) }, actor);
    await this.proposalEvent(
      proposal,
      'ProposalApproved',
      { verificationCaseId: `case-${proposal.proposalId}` },
      people.system('intake'),
    );
  }

  // Registry (stream household-<householdId>).

  async register(proposal: StoryProposal, nik = '5202011203800001'): Promise<string> {
    const householdId = deterministicId(proposal.proposalId, 'household');
    const content = await this.newHouseholdContent(proposal.proposalId, proposal.village, nik);
    if (content.type !== 'new_household') throw new Error('unreachable');
    await this.householdEvent(householdId, 'HouseholdRegistered', {
      proposalId: proposal.proposalId,
      regionCode: proposal.village,
      household: content.household,
    });
    return householdId;
  }

  async updateHousehold(householdId: string, village: string, proposalId: string) {
    const sealed = await this.platform.keyring.seal(`proposal:${proposalId}`, { kkNumber: '5202011503100002' });
    return this.householdEvent(householdId, 'HouseholdUpdated', {
      proposalId,
      regionCode: village,
      changes: [
        { path: 'housing.roofType', from: 'seng', to: 'genteng' },
        { path: 'personal', from: sealed, to: sealed },
        { path: 'kkIndex', from: this.nikIndex('1'), to: this.nikIndex('2') },
      ],
    });
  }

  deactivate(householdId: string, village: string, proposalId: string, reason: 'meninggal' | 'pindah' = 'meninggal') {
    return this.householdEvent(householdId, 'HouseholdDeactivated', {
      proposalId,
      regionCode: village,
      reason,
      date: new Date(this.#clock).toISOString().slice(0, 10),
    });
  }

  /** A NIK lookup (an access event) by a person; names the household found, never the NIK. */
  lookup(householdId: string, by: Actor, nik = '5202011203800001') {
    const data = AccessEventSchemas.NikLookedUp.data.parse({
      nikIndex: this.nikIndex(nik),
      found: true,
      householdIds: [householdId],
      regionCode: by.regionCode,
    });
    const day = new Date(this.#clock).toISOString().slice(0, 10);
    return this.append(`access-${day}-${deterministicId('reader', by.userId)}`, 'NikLookedUp', data, by);
  }

  // Document (stream document-<documentId>).

  async upload(proposal: StoryProposal, kind: 'foto_rumah' | 'berita_acara' = 'foto_rumah'): Promise<string> {
    const documentId = uuidv7(this.#clock);
    const data = DocumentUploadedV1.parse({
      documentId,
      sha256: createHash('sha256').update(documentId).digest('hex'),
      kind,
      mediaType: kind === 'foto_rumah' ? 'image/jpeg' : 'application/pdf',
      size: 120_000,
      ...(kind === 'foto_rumah' ? { geotag: { lat: -8.7, lon: 116.27 } } : {}),
      regionCode: proposal.village,
      uploadedBy: proposal.operator.userId,
    });
    await this.append(`document-${documentId}`, 'DocumentUploaded', data, proposal.operator);
    const link = DocumentLinkedV1.parse({
      documentId,
      proposalId: proposal.proposalId,
      regionCode: proposal.village,
      linkedBy: proposal.operator.userId,
    });
    await this.append(`document-${documentId}`, 'DocumentLinked', link, proposal.operator);
    return documentId;
  }
}
