import { format, type Lang } from './i18n.ts';

/**
 * Texts of the audit explorer's check against the signed audit log (audit/log-proof.ts), kept
 * apart from the main catalogue: only the audit page and its helpers use them.
 */
const TEXTS = {
  heading: { id: 'Log audit yang ditandatangani', en: 'Signed audit log' },
  checkpoint: {
    id: 'Checkpoint terakhir: {size} peristiwa, kode {code}',
    en: 'Latest checkpoint: {size} events, code {code}',
  },
  signatureVerified: {
    id: 'Tanda tangan checkpoint terverifikasi (kunci {key}, diberikan server ini)',
    en: 'Checkpoint signature verified (key {key}, as published by this server)',
  },
  signatureUnsupported: {
    id: 'Tanda tangan tidak diperiksa: peramban ini tidak mendukung Ed25519',
    en: 'Signature not checked: this browser does not support Ed25519',
  },
  signatureInvalid: {
    id: 'Tanda tangan checkpoint TIDAK SAH: log tidak dapat dipercaya',
    en: 'Checkpoint signature INVALID: the log cannot be trusted',
  },
  noCheckpoint: {
    id: 'Belum ada checkpoint log audit; peristiwa belum dapat diverifikasi',
    en: 'No audit-log checkpoint yet; events cannot be verified',
  },
  checkFailed: { id: 'Verifikasi log tidak dapat dijalankan', en: 'The log check could not run' },
  checking: { id: 'Memeriksa di log…', en: 'Checking in the log…' },
  verified: { id: 'Terverifikasi di log', en: 'Verified in the log' },
  pending: { id: 'Belum tercakup checkpoint', en: 'Not in a checkpoint yet' },
  failed: { id: 'TIDAK cocok dengan log yang ditandatangani', en: 'Does NOT match the signed log' },
  leaf_differs: { id: 'isi log berbeda dari yang ditampilkan', en: 'the log says something else' },
  hash_differs: { id: 'hash daun tidak cocok', en: 'leaf hash mismatch' },
  path_broken: { id: 'bukti tidak sampai ke akar checkpoint', en: 'the proof does not reach the checkpoint root' },
  signature: { id: 'tanda tangan checkpoint tidak sah', en: 'the checkpoint signature is invalid' },
  reportCheckpoint: { id: 'Checkpoint log audit', en: 'Audit-log checkpoint' },
  reportCheckpointLine: {
    id: '{size} peristiwa, ditandatangani {time}. Akar hash (SHA-256): ',
    en: '{size} events, signed {time}. Root hash (SHA-256): ',
  },
  reportCheckpointCode: { id: 'Kode untuk dicatat: ', en: 'Code to write down: ' },
  reportCheckpointHint: {
    id: 'Simpan kode ini. Nanti siapa pun dapat memeriksa bahwa riwayat hingga checkpoint ini tidak diubah (siks audit verify --checkpoint).',
    en: 'Keep this code. Anyone can later check that the history up to this checkpoint was not changed (siks audit verify --checkpoint).',
  },
  reportCheckpointNone: { id: 'Belum ada checkpoint log audit.', en: 'No audit-log checkpoint yet.' },
} as const satisfies Record<string, Record<Lang, string>>;

export type LogProofTextKey = keyof typeof TEXTS;

export const logProofText = (key: LogProofTextKey, lang: Lang, params?: Record<string, string | number>): string =>
  format(TEXTS[key][lang], params);
