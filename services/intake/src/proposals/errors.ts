import type { LocalizedText } from '@siks/contracts';

/**
 * Refusals of the Proposal aggregate. `kind` tells the HTTP layer how to answer:
 * `not_found` → 404, `conflict` → 409 (the state forbids it now), `invalid` → 422.
 */
export const proposalErrorMessages = {
  'proposal.not_found': {
    id: 'Usulan tidak ditemukan.',
    en: 'The proposal does not exist.',
  },
  'proposal.already_exists': {
    id: 'Usulan dengan ID ini sudah ada.',
    en: 'A proposal with this id already exists.',
  },
  'proposal.not_amendable': {
    id: 'Usulan berstatus {status} tidak dapat diubah; hanya draf atau usulan yang dikembalikan.',
    en: 'A {status} proposal cannot be amended; only drafts and returned proposals can.',
  },
  'proposal.reason_required': {
    id: 'Alasan wajib diisi.',
    en: 'A reason is required.',
  },
  'proposal.no_changes': {
    id: 'Perubahan tidak mengubah data apa pun.',
    en: 'The amendment changes nothing.',
  },
  'proposal.type_immutable': {
    id: 'Jenis usulan tidak dapat diubah; tarik usulan ini dan buat yang baru.',
    en: 'The proposal type cannot change; withdraw it and create a new one.',
  },
  'proposal.region_immutable': {
    id: 'Desa/kelurahan usulan tidak dapat diubah; tarik usulan ini dan buat yang baru.',
    en: 'The proposal’s village cannot change; withdraw it and create a new one.',
  },
  'proposal.data_forgotten': {
    id: 'Data pribadi usulan ini sudah dihapus; usulan tidak dapat diubah.',
    en: 'The personal data of this proposal was erased; it cannot be amended.',
  },
  'proposal.already_submitted': {
    id: 'Usulan sudah diajukan.',
    en: 'The proposal has already been submitted.',
  },
  'proposal.not_submittable': {
    id: 'Usulan berstatus {status} tidak dapat diajukan.',
    en: 'A {status} proposal cannot be submitted.',
  },
  'proposal.not_withdrawable': {
    id: 'Usulan berstatus {status} tidak dapat ditarik.',
    en: 'A {status} proposal cannot be withdrawn.',
  },
  'proposal.not_under_verification': {
    id: 'Usulan berstatus {status} tidak sedang diverifikasi.',
    en: 'A {status} proposal is not under verification.',
  },
  'proposal.not_verified': {
    id: 'Usulan harus terverifikasi sebelum disahkan (status: {status}).',
    en: 'A proposal must be verified before approval (status: {status}).',
  },
} as const satisfies Record<string, LocalizedText>;

export type ProposalErrorCode = keyof typeof proposalErrorMessages;
export type ProposalErrorKind = 'not_found' | 'conflict' | 'invalid';

const KINDS: Record<ProposalErrorCode, ProposalErrorKind> = {
  'proposal.not_found': 'not_found',
  'proposal.already_exists': 'conflict',
  'proposal.not_amendable': 'conflict',
  'proposal.reason_required': 'invalid',
  'proposal.no_changes': 'invalid',
  'proposal.type_immutable': 'invalid',
  'proposal.region_immutable': 'invalid',
  'proposal.data_forgotten': 'conflict',
  'proposal.already_submitted': 'conflict',
  'proposal.not_submittable': 'conflict',
  'proposal.not_withdrawable': 'conflict',
  'proposal.not_under_verification': 'conflict',
  'proposal.not_verified': 'conflict',
};

export class ProposalError extends Error {
  override readonly name = 'ProposalError';
  readonly kind: ProposalErrorKind;

  constructor(
    readonly code: ProposalErrorCode,
    readonly params: Readonly<Record<string, string>> = {},
  ) {
    super(`${code}${Object.keys(params).length > 0 ? ` ${JSON.stringify(params)}` : ''}`);
    this.kind = KINDS[code];
  }
}
