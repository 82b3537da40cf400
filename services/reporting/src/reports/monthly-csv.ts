import type { Language } from '@siks/service-kit';
import type { MonthlyReport, MonthlyRow } from './monthly.ts';

/** CSV columns of the periodic report, with headers in Bahasa Indonesia and English. */
const COLUMNS: readonly { key: keyof MonthlyRow; id: string; en: string }[] = [
  { key: 'code', id: 'kode_wilayah', en: 'region_code' },
  { key: 'name', id: 'nama_wilayah', en: 'region_name' },
  { key: 'submitted', id: 'usulan_diajukan', en: 'proposals_submitted' },
  { key: 'verified', id: 'usulan_diverifikasi', en: 'proposals_verified' },
  { key: 'returned', id: 'usulan_dikembalikan', en: 'proposals_returned' },
  { key: 'rejected', id: 'usulan_ditolak', en: 'proposals_rejected' },
  { key: 'approved', id: 'usulan_disahkan', en: 'proposals_approved' },
  { key: 'applied', id: 'usulan_diterapkan', en: 'proposals_applied' },
  { key: 'householdsRegistered', id: 'rumah_tangga_baru', en: 'households_registered' },
  { key: 'householdsDeactivated', id: 'rumah_tangga_dinonaktifkan', en: 'households_deactivated' },
  { key: 'householdsActive', id: 'rumah_tangga_aktif_akhir_bulan', en: 'households_active_at_month_end' },
];

const CHECKPOINT_LABELS = {
  id: ['kode_checkpoint_log_audit', 'jumlah_peristiwa', 'akar_hash_sha256', 'ditandatangani'],
  en: ['audit_log_checkpoint_code', 'events', 'root_hash_sha256', 'signed_at'],
} as const;

/**
 * RFC 4180 field; a leading =, +, -, @, tab or carriage return is quoted with an apostrophe so
 * spreadsheets do not run it (they skip a leading tab or CR and read the formula behind it).
 */
function field(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The report's lines and a total line as CSV (CRLF line ends, header first). */
export function monthlyCsv(report: MonthlyReport, language: Language): string {
  const lines = [COLUMNS.map((column) => column[language]).join(',')];
  for (const row of report.rows) lines.push(COLUMNS.map((column) => field(row[column.key])).join(','));
  const total: MonthlyRow = {
    ...report.totals,
    code: report.region.code,
    name: language === 'id' ? 'JUMLAH' : 'TOTAL',
  };
  lines.push(COLUMNS.map((column) => field(total[column.key])).join(','));
  // After a blank line, the audit log's latest checkpoint (none before the first one): a district officer keeps the short code and
  // checks it later with `siks audit verify --checkpoint` (TRANSPARENCY.md "Checking a report's code").
  const checkpoint = report.auditCheckpoint;
  if (checkpoint) {
    const label = language === 'id' ? CHECKPOINT_LABELS.id : CHECKPOINT_LABELS.en;
    lines.push('', label.map(field).join(','));
    lines.push(
      [checkpoint.shortCode, checkpoint.treeSize, checkpoint.rootHex, checkpoint.signedAt].map(field).join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

export const csvFileName = (report: MonthlyReport): string =>
  `laporan-berkala-${report.region.code === '' ? 'nasional' : report.region.code}-${report.month}.csv`;
