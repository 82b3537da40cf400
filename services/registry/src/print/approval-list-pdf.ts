import { dateInWib, dateTimeWib, longDate, monthName, PrintDocument } from '@siks/print';
import type { Regions } from '@siks/wilayah';
import type { ApprovalLine, ApprovalList } from '../cutoffs/approval-list.ts';
import type { Cutoff } from '../cutoffs/fix.ts';

/** What the decision on each line says, by proposal type (the list is an official form: Indonesian only). */
const DECISIONS: Readonly<Record<string, string>> = {
  new_household: 'Ditetapkan masuk DTKS',
  update: 'Perubahan data ditetapkan',
  add_member: 'Penambahan anggota keluarga ditetapkan',
  remove_member: 'Pengurangan anggota keluarga ditetapkan',
  deactivate: 'Dikeluarkan dari DTKS',
  reactivate: 'Ditetapkan kembali masuk DTKS',
  split_household: 'Pemisahan keluarga ditetapkan',
};

const REASONS: Readonly<Record<string, string>> = {
  meninggal: 'meninggal',
  pindah: 'pindah',
  mampu: 'sudah mampu',
  menolak: 'menolak',
  bantuan_ganda: 'bantuan ganda',
  duplikat: 'data ganda',
};

export function decisionOf(line: Pick<ApprovalLine, 'proposalType' | 'deactivationReason' | 'eventTypes'>): string {
  const decision = DECISIONS[line.proposalType] ?? 'Perubahan data ditetapkan';
  const reason = line.deactivationReason !== undefined ? REASONS[line.deactivationReason] : undefined;
  return reason ? `${decision} (${reason})` : decision;
}

/** Who signs, where and when (all optional: what is left out is a dotted line to fill by hand). */
export interface Signing {
  place?: string;
  /** `YYYY-MM-DD`. */
  date?: string;
  /** The office; by default the regency's head (`BUPATI …` / `WALI KOTA …`). */
  title?: string;
  name?: string;
  /** A civil servant's NIP (an official signing on the head's behalf); a regional head has none. */
  nip?: string;
}

/** `Kabupaten Lombok Tengah` → `BUPATI LOMBOK TENGAH`; `Kota Mataram` → `WALI KOTA MATARAM`. */
export function headOfRegency(regencyName: string): string {
  const city = /^kota\s+/i.exec(regencyName);
  const name = regencyName.replace(/^(kabupaten|kota)\s+/i, '').toUpperCase();
  return city ? `WALI KOTA ${name}` : `BUPATI ${name}`;
}

export interface ApprovalListInput {
  cutoff: Cutoff;
  list: ApprovalList;
  regions: Regions;
  nik: 'full' | 'masked';
  signing: Signing;
  printedBy: string;
  printedAt: Date;
}

/**
 * The list of a cut-off's approved proposals for the Bupati/Walikota to sign (*lampiran
 * penetapan*): the regency and period, one row per approved change with the head of household,
 * NIK, village and decision, the totals by decision, and the signature block.
 */
export function renderApprovalList(input: ApprovalListInput): Promise<Buffer> {
  const { cutoff, list, regions, signing } = input;
  const regencyName = regions.regency(cutoff.regencyCode)?.name ?? cutoff.regencyCode;
  const provinceName = regions.province(cutoff.regencyCode.slice(0, 2))?.name ?? cutoff.regencyCode.slice(0, 2);
  const document = new PrintDocument({
    title: `Daftar penetapan DTKS ${regencyName} ${monthName(cutoff.period)}`,
    landscape: false,
    footer:
      `${input.nik === 'full' ? 'RAHASIA: memuat data pribadi (nama dan NIK); jangan diumumkan. ' : ''}` +
      `Dicetak dari SIKS oleh ${input.printedBy} pada ${dateTimeWib(input.printedAt)}. ` +
      `Penetapan ${cutoff.cutoffId}, posisi log ${cutoff.logPosition}.`,
  });
  document.heading(
    ['DAFTAR USULAN DATA TERPADU KESEJAHTERAAN SOSIAL (DTKS)', 'YANG DISETUJUI UNTUK DITETAPKAN'],
    [`${regencyName.toUpperCase()}, PROVINSI ${provinceName.toUpperCase()}`],
  );
  document.facts([
    ['Kabupaten/Kota', `${regencyName} (${cutoff.regencyCode})`],
    ['Periode', monthName(cutoff.period)],
    ['Batas data (cut-off)', `ditetapkan ${dateTimeWib(new Date(cutoff.fixedAt))} oleh ${cutoff.fixedBy.userId}`],
    [
      'Cakupan',
      list.since
        ? `perubahan sesudah penetapan periode ${monthName(list.since.period)} sampai batas data ini`
        : 'semua perubahan sampai batas data ini (penetapan pertama)',
    ],
    ['Jumlah usulan', `${list.lines.length}`],
  ]);
  const district = (code: string): string => regions.district(code.split('.').slice(0, 3).join('.'))?.name ?? '';
  const rows = list.lines.map((line, index) => [
    String(index + 1),
    line.head?.name ?? '(data pribadi telah dihapus)',
    line.head?.nik ?? '-',
    regions.village(line.regionCode)?.name ?? line.regionCode,
    district(line.regionCode),
    decisionOf(line),
  ]);
  if (rows.length === 0) document.paragraph('Tidak ada usulan yang disetujui dan diterapkan pada periode ini.');
  else
    document.table(
      [
        { header: 'No', width: 4, align: 'right' },
        { header: 'Nama Kepala Keluarga', width: 22 },
        { header: input.nik === 'full' ? 'NIK' : 'NIK (disamarkan)', width: 18 },
        { header: 'Desa/Kelurahan', width: 17 },
        { header: 'Kecamatan', width: 15 },
        { header: 'Keputusan', width: 24 },
      ],
      rows,
    );
  const totals = new Map<string, number>();
  for (const line of list.lines) {
    const decision = DECISIONS[line.proposalType] ?? 'Perubahan data ditetapkan';
    totals.set(decision, (totals.get(decision) ?? 0) + 1);
  }
  if (totals.size > 0) {
    document.section('Rekapitulasi');
    document.facts(
      [...totals].map(([decision, count]) => [decision, `${count} usulan`] as const),
      240,
    );
  }
  const date = signing.date ?? dateInWib(input.printedAt);
  document.signatures([
    {
      above: [`${signing.place ?? '....................'}, ${longDate(date)}`],
      office: [(signing.title ?? headOfRegency(regencyName)).toUpperCase()],
      ...(signing.name !== undefined ? { name: signing.name } : {}),
      nip: signing.nip !== undefined ? { kind: 'nip', value: signing.nip } : { kind: 'none' },
    },
  ]);
  return document.finish();
}
