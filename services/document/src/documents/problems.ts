import { extendCatalogue, ProblemError, type MessageCatalogue } from '@siks/service-kit';
import { EvidenceError } from '../evidence/errors.ts';
import { documentMessages } from '../evidence/messages.ts';
import { StorageError } from '../storage/errors.ts';

/** The service's problem and field texts: the evidence texts plus those of the routes here. */
export const serviceMessages: Pick<MessageCatalogue, 'problems' | 'fields'> = {
  problems: {
    ...documentMessages.problems,
    idempotency_conflict: {
      title: { id: 'Idempotency-Key sudah dipakai', en: 'Idempotency-Key already used' },
      detail: {
        id: 'Kunci ini sudah dipakai untuk unggahan lain; gunakan kunci baru untuk berkas ini.',
        en: 'This key was used for another upload; use a new key for this file.',
      },
    },
    evidence_locked: {
      title: { id: 'Bukti tidak dapat dihapus', en: 'Evidence cannot be removed' },
      detail: {
        id: 'Usulan sudah diajukan; bukti hanya dapat dihapus selama usulan masih draf atau dikembalikan ke desa.',
        en: 'The proposal has been submitted; evidence can be removed only while it is a draft or returned to the village.',
      },
    },
  },
  fields: {
    ...documentMessages.fields,
    region_not_found: {
      id: 'kode desa/kelurahan tidak terdaftar',
      en: 'is not a registered village code',
    },
  },
};

export const catalogue = (): MessageCatalogue => extendCatalogue(serviceMessages);

/** Evidence and storage errors (typed, with stable codes) as problem+json errors. */
export function evidenceProblem(error: EvidenceError | StorageError): ProblemError {
  return new ProblemError({
    status: error.status,
    code: error.code,
    params: error.params,
    errors: error instanceof EvidenceError ? error.errors : [],
    cause: error,
  });
}

/** Whether `error` is one of the typed errors `evidenceProblem` maps. */
export const isEvidenceError = (error: unknown): error is EvidenceError | StorageError =>
  error instanceof EvidenceError || error instanceof StorageError;
