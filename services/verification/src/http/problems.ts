import { WrongExpectedRevisionError } from '@siks/eventstore';
import {
  ProblemError,
  conflict,
  notFound,
  preconditionFailed,
  type FieldIssue,
  type MessageCatalogue,
} from '@siks/service-kit';
import { CaseError, OVERRIDE_REASON_MIN, OverrideRequired } from '../case/decide.ts';
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
    'case.override_required': {
      title: {
        id: 'Pemeriksaan yang gagal harus dikesampingkan dengan alasan',
        en: 'Failing checks must be overridden with a reason',
      },
      detail: {
        id: 'Sebutkan setiap pemeriksaan yang gagal ({checks}) dan alasan memverifikasi meskipun gagal.',
        en: 'Name every failing check ({checks}) and the reason for verifying despite them.',
      },
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
    'approvals.resolution_not_listed': {
      id: 'Penyelesaian duplikat untuk usulan yang tidak ada dalam daftar.',
      en: 'A resolution for a proposal that is not listed.',
    },
    'resolution.reason_too_short': {
      id: 'Alasan penyelesaian duplikat minimal 10 karakter.',
      en: 'The resolution reason needs at least 10 characters.',
    },
    'decision.overrides_only_on_verify': {
      id: 'Pemeriksaan yang dikesampingkan hanya untuk verifikasi.',
      en: 'Overridden checks go with a verification only.',
    },
    'override.missing': {
      id: 'Pemeriksaan yang gagal belum dikesampingkan: {checks}.',
      en: 'Failing checks not overridden: {checks}.',
    },
    'override.not_failing': {
      id: 'Pemeriksaan ini tidak gagal pada putaran terakhir: {checks}.',
      en: 'These checks did not fail in the latest round: {checks}.',
    },
    'override.reason_required': {
      id: 'Alasan minimal {minimum} karakter wajib diisi untuk memverifikasi meskipun ada pemeriksaan yang gagal.',
      en: 'A reason of at least {minimum} characters is required to verify over failing checks.',
    },
  },
};

/** Maps domain and store errors of a case command to problem+json. */
export function toCaseProblem(error: unknown): unknown {
  if (error instanceof ProblemError) return error;
  if (error instanceof StaleRevisionError) return preconditionFailed();
  if (error instanceof WrongExpectedRevisionError) return preconditionFailed();
  if (error instanceof OverrideRequired) return overrideProblem(error);
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
      case 'case.override_required': // always an OverrideRequired, mapped above
        return new ProblemError({ status: 422, code: error.code });
      default: {
        const unreachable: never = error.code;
        return unreachable;
      }
    }
  }
  return error;
}

/**
 * 422 `case.override_required`: field errors at `overrides` (checks not named, or named but
 * not failing) and at `reason`; `failing` lists the latest round's failing checks (codes only).
 */
function overrideProblem(error: OverrideRequired): ProblemError {
  const errors: FieldIssue[] = [];
  if (error.missing.length > 0)
    errors.push({ path: 'overrides', code: 'override.missing', params: { checks: error.missing.join(', ') } });
  if (error.notFailing.length > 0)
    errors.push({ path: 'overrides', code: 'override.not_failing', params: { checks: error.notFailing.join(', ') } });
  if (error.reasonMissing)
    errors.push({ path: 'reason', code: 'override.reason_required', params: { minimum: OVERRIDE_REASON_MIN } });
  return new ProblemError({
    status: 422,
    code: 'case.override_required',
    params: { checks: error.failing.join(', ') || '-' },
    errors,
    extensions: { failing: [...error.failing], missing: [...error.missing] },
  });
}
