import { WrongExpectedRevisionError } from '@siks/eventstore';
import { ProblemError, conflict, notFound, preconditionFailed, type MessageCatalogue } from '@siks/service-kit';
import { CaseError } from '../case/decide.ts';
import { StaleRevisionError } from '../case/stream.ts';

/** Problem codes and field codes of the verification service (Bahasa Indonesia first). */
export const verificationMessages: Partial<MessageCatalogue> = {
  problems: {
    case_not_decidable: {
      title: { id: 'Kasus tidak dapat diputuskan', en: 'Case cannot be decided' },
      detail: {
        id: 'Kasus ini sudah diputuskan atau ditutup.',
        en: 'This case has already been decided or closed.',
      },
    },
    field_validation_pending: {
      title: { id: 'Validasi lapangan belum selesai', en: 'Field validation pending' },
      detail: {
        id: 'Catat hasil validasi lapangan sebelum memverifikasi.',
        en: 'Record the field validation result before verifying.',
      },
    },
    field_validation_not_pending: {
      title: { id: 'Validasi lapangan sudah dicatat', en: 'Field validation already recorded' },
    },
  },
  fields: {
    'reason.required': { id: 'Alasan wajib diisi.', en: 'A reason is required.' },
    'text.required': { id: 'Wajib diisi.', en: 'Is required.' },
    'decision.fields_only_on_return': {
      id: 'Isian yang perlu diperbaiki hanya untuk pengembalian.',
      en: 'Fields to correct go with a return only.',
    },
    'approvals.duplicate_id': { id: 'Usulan yang sama disebut dua kali.', en: 'The same proposal is listed twice.' },
  },
};

/** Maps domain and store errors of a case command to problem+json. */
export function toCaseProblem(error: unknown): unknown {
  if (error instanceof ProblemError) return error;
  if (error instanceof StaleRevisionError) return preconditionFailed();
  if (error instanceof WrongExpectedRevisionError) return preconditionFailed();
  if (error instanceof CaseError) {
    switch (error.code) {
      case 'case.not_found':
      case 'field_validation.not_found':
        return notFound();
      case 'case.not_decidable':
      case 'case.not_verified':
      case 'case.already_approved':
        return conflict(undefined, 'case_not_decidable');
      case 'case.field_validation_pending':
        return conflict(undefined, 'field_validation_pending');
      case 'field_validation.not_pending':
        return conflict(undefined, 'field_validation_not_pending');
      default: {
        const unreachable: never = error.code;
        return unreachable;
      }
    }
  }
  return error;
}
