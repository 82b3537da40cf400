import { complaintProblems } from '../complaints/messages.ts';
import type { LocalizedText } from '@siks/contracts';
import type { MessageCatalogue, ProblemMessage } from '@siks/service-kit';
import { erasureFieldMessages } from '../erasure/messages.ts';
import { proposalErrorMessages, type ProposalErrorKind } from '../proposals/errors.ts';
import { intakeFieldMessages } from '../proposals/messages.ts';
import { meetingFields, meetingProblems } from '../meetings/messages.ts';

const refusalTitles: Record<ProposalErrorKind, LocalizedText> = {
  not_found: { id: 'Tidak ditemukan', en: 'Not found' },
  conflict: { id: 'Status usulan tidak mengizinkan ini', en: 'Not allowed in the proposal’s state' },
  invalid: { id: 'Perubahan tidak dapat diterima', en: 'Change not acceptable' },
};

const KIND_OF_CODE: Record<keyof typeof proposalErrorMessages, ProposalErrorKind> = {
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

/** The aggregate's refusals as problems: a fixed title by kind, the refusal as detail. */
const refusals: Record<string, ProblemMessage> = Object.fromEntries(
  Object.entries(proposalErrorMessages).map(([code, detail]) => [
    code,
    { title: refusalTitles[KIND_OF_CODE[code as keyof typeof proposalErrorMessages]], detail },
  ]),
);

/** Problems only intake answers with (besides service-kit's). */
const intakeProblems: Record<string, ProblemMessage> = {
  idempotency_key_reused: {
    title: { id: 'Idempotency-Key sudah dipakai', en: 'Idempotency-Key already used' },
    detail: {
      id: 'Kunci ini sudah dipakai untuk permintaan dengan isi berbeda; gunakan kunci baru.',
      en: 'This key was used for a request with a different body; use a new key.',
    },
  },
  region_out_of_scope: {
    title: { id: 'Di luar wilayah Anda', en: 'Outside your region' },
    detail: {
      id: 'Anda hanya dapat mengusulkan untuk wilayah tugas Anda.',
      en: 'You can only hand in proposals for your own region.',
    },
  },
  import_rejected: {
    title: { id: 'Berkas impor ditolak', en: 'Import file rejected' },
    detail: {
      id: 'Tidak ada data yang diimpor; perbaiki berkas lalu unggah lagi.',
      en: 'Nothing was imported; fix the file and upload it again.',
    },
  },
  import_file_missing: {
    title: { id: 'Berkas tidak ada', en: 'File missing' },
    detail: {
      id: 'Kirim berkas CSV atau XLSX (multipart bagian "file", atau sebagai isi permintaan).',
      en: 'Send a CSV or XLSX file (multipart part "file", or as the request body).',
    },
  },
  if_match_invalid: {
    title: { id: 'If-Match tidak valid', en: 'Invalid If-Match' },
    detail: { id: 'If-Match harus berisi ETag dari usulan ini.', en: 'If-Match must hold an ETag of this proposal.' },
  },
  stale_revision: {
    title: { id: 'Versi sudah usang', en: 'Stale revision' },
    detail: {
      id: 'Usulan sudah diubah sejak Anda memuatnya (versi sekarang {currentRevision}); muat ulang lalu coba lagi. Tidak ada yang disimpan.',
      en: 'The proposal changed since you loaded it (now revision {currentRevision}); reload and try again. Nothing was saved.',
    },
  },
  complaints_rate_limited: {
    title: { id: 'Terlalu banyak pengaduan', en: 'Too many complaints' },
    detail: {
      id: 'Batas pengaduan dari alamat ini tercapai; coba lagi dalam {retryAfter} detik.',
      en: 'The complaint limit for this address is reached; try again in {retryAfter} seconds.',
    },
  },
};

/** Field texts of intake's rules that are not in the contracts' catalogue. */
const intakeFields: Record<string, LocalizedText> = {
  'region.out_of_scope': {
    id: 'Wilayah ini di luar wilayah tugas Anda.',
    en: 'This region is outside your scope.',
  },
  'proposal.already_exists': proposalErrorMessages['proposal.already_exists'],
  'record.failed': {
    id: 'Rekaman ini gagal disimpan karena gangguan server; kirim ulang kiriman ini.',
    en: 'This record could not be stored (server failure); send the batch again.',
  },
  'file.required': { id: 'Berkas wajib dikirim.', en: 'A file is required.' },
  'file.too_large': { id: 'Berkas melebihi {maximum} byte.', en: 'The file exceeds {maximum} bytes.' },
  'cursor.invalid': { id: 'Kursor halaman tidak valid.', en: 'Invalid page cursor.' },
  'idempotency_key.format': {
    id: 'Idempotency-Key: 1–200 huruf, angka atau _ . : -.',
    en: 'Idempotency-Key: 1–200 letters, digits or _ . : -.',
  },
};

/** Intake's catalogue, merged over service-kit's defaults by `createServiceApp`. */
export const intakeCatalogue: Partial<MessageCatalogue> = {
  problems: { ...refusals, ...intakeProblems, ...meetingProblems, ...complaintProblems },
  fields: { ...intakeFieldMessages, ...intakeFields, ...meetingFields, ...erasureFieldMessages },
};
