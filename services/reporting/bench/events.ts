import { randomBytes } from 'node:crypto';
import { deterministicId, uuidv7, type Actor, type NewEvent } from '@siks/contracts';

/** A sealed-looking block of realistic size (the bench reads no personal data, so nothing is encrypted). */
const sealed = (subject: string, bytes: number) => ({
  $sealed: 1 as const,
  sub: subject,
  iv: randomBytes(12).toString('base64'),
  ct: randomBytes(bytes).toString('base64'),
  tag: randomBytes(16).toString('base64'),
});

const VILLAGES = ['52.02.01.1001', '52.02.01.1002', '52.02.02.2001', '52.01.01.1001', '52.01.02.2002'];

function event(type: string, data: Record<string, unknown>, actor: Actor, at: number): NewEvent {
  const eventId = uuidv7(at);
  return {
    eventId,
    type,
    schemaVersion: 1,
    data,
    metadata: {
      actor,
      channel: actor.role === 'system' ? 'system' : 'operator',
      occurredAt: new Date(at).toISOString(),
      correlationId: eventId,
      causationId: null,
    },
  };
}

/** The streams one proposal leaves across the four services when it goes all the way to the registry. */
export function proposalStreams(index: number, start: number): [string, NewEvent[]][] {
  const proposalId = uuidv7(start + index);
  const village = VILLAGES[index % VILLAGES.length]!;
  const regency = village.slice(0, 5);
  const operator: Actor = { userId: `op-${village}`, role: 'operator_desa', regionCode: village };
  const verifikator: Actor = { userId: `ver-${regency}`, role: 'verifikator_kabkota', regionCode: regency };
  const admin: Actor = { userId: `adm-${regency}`, role: 'admin_kabkota', regionCode: regency };
  const system: Actor = { userId: 'system', role: 'system', regionCode: '' };
  const nikIndex = randomBytes(32).toString('hex');
  const household = {
    regionCode: village,
    members: [{ relationship: 'kepala_keluarga', sex: 'male', nikIndex, personal: sealed(`person:${nikIndex}`, 180) }],
    programmes: ['PKH'],
    personal: sealed(`proposal:${proposalId}`, 220),
  };
  let t = start + index * 10;
  const at = () => (t += 1);
  const documentId = uuidv7(t);
  const householdId = deterministicId(proposalId, 'household');
  return [
    [
      `proposal-${proposalId}`,
      [
        event(
          'ProposalDrafted',
          {
            proposalId,
            proposalType: 'new_household',
            regionCode: village,
            channel: 'operator',
            createdBy: operator,
            content: { type: 'new_household', household },
          },
          operator,
          at(),
        ),
        event('ProposalSubmitted', { proposalId, window: 'additions' }, operator, at()),
      ],
    ],
    [
      `document-${documentId}`,
      [
        event(
          'DocumentUploaded',
          {
            documentId,
            sha256: randomBytes(32).toString('hex'),
            kind: 'foto_rumah',
            mediaType: 'image/jpeg',
            size: 150_000,
            regionCode: village,
            uploadedBy: operator.userId,
          },
          operator,
          at(),
        ),
        event(
          'DocumentLinked',
          { documentId, proposalId, regionCode: village, linkedBy: operator.userId },
          operator,
          at(),
        ),
      ],
    ],
    [
      `case-${proposalId}`,
      [
        event(
          'CaseOpened',
          { proposalId, regionCode: village, proposalType: 'new_household', channel: 'operator' },
          system,
          at(),
        ),
        event(
          'ChecksCompleted',
          {
            proposalId,
            round: 1,
            trigger: 'submitted',
            results: [
              { check: 'identity', result: 'pass', reason: 'valid' },
              { check: 'dukcapil_match', result: index % 7 === 0 ? 'fail' : 'pass', reason: 'match' },
              { check: 'duplicate_nik', result: 'pass', reason: 'unique' },
              { check: 'evidence_completeness', result: 'pass', reason: 'complete' },
            ],
          },
          system,
          at(),
        ),
        event('CaseVerified', { proposalId }, verifikator, at()),
        event('CaseApproved', { proposalId }, admin, at()),
      ],
    ],
    [
      `proposal-${proposalId}`,
      [
        event('ProposalVerified', { proposalId, verificationCaseId: `case-${proposalId}` }, system, at()),
        event('ProposalApproved', { proposalId, verificationCaseId: `case-${proposalId}` }, system, at()),
      ],
    ],
    [
      `household-${householdId}`,
      [event('HouseholdRegistered', { householdId, proposalId, regionCode: village, household }, system, at())],
    ],
  ];
}
