import { dateTimeWib, dayName, longDate, PrintDocument } from '@siks/print';
import type { Meeting } from '../meeting.ts';
import { meetingTitle, type VillagePlace } from './place.ts';
import type { SummaryProposal } from './summary-data.ts';

const TYPES: Readonly<Record<string, string>> = {
  new_household: 'Keluarga baru',
  update: 'Perubahan data',
  add_member: 'Tambah anggota',
  remove_member: 'Kurangi anggota',
  deactivate: 'Penonaktifan',
  reactivate: 'Pengaktifan kembali',
  split_household: 'Pisah KK',
};

const STATUSES: Readonly<Record<string, string>> = {
  draft: 'Draf',
  submitted: 'Diajukan',
  returned: 'Dikembalikan',
  corrected: 'Diperbaiki',
  withdrawn: 'Ditarik',
  verified: 'Terverifikasi',
  approved: 'Disetujui',
  rejected: 'Ditolak',
};

const DOCUMENT_KINDS: Readonly<Record<string, string>> = { berita_acara: 'Berita acara', daftar_hadir: 'Daftar hadir' };

/** `1–3, 5` from `[1, 2, 3, 5]`. */
export function rowRanges(rows: readonly number[]): string {
  const parts: string[] = [];
  for (let index = 0; index < rows.length; ) {
    let end = index;
    while (end + 1 < rows.length && rows[end + 1] === rows[end]! + 1) end += 1;
    parts.push(end === index ? `${rows[index]}` : `${rows[index]}–${rows[end]}`);
    index = end + 1;
  }
  return parts.join(', ');
}

/** The short id a proposal is shown by on every page of the console. */
const shortId = (id: string): string => id.slice(0, 8);

export interface SummaryInput {
  meeting: Meeting;
  village: VillagePlace;
  proposals: readonly SummaryProposal[];
  printedBy: string;
  printedAt: Date;
}

/**
 * One meeting on paper: its facts and documents, every proposal it agreed with the rows of its
 * list, and every change made to those proposals after the meeting (when, by whom, why, which
 * fields), so a village or a supervisor can hold the list against what the registry received.
 */
export function renderSummary(input: SummaryInput): Promise<Buffer> {
  const { meeting, village, proposals } = input;
  const title = meetingTitle(village);
  const document = new PrintDocument({
    title: `Ringkasan ${title.toLowerCase()} ${meeting.number}`,
    landscape: true,
    footer:
      'Memuat nama kepala keluarga (data pribadi; NIK disamarkan). ' +
      `Dicetak dari SIKS oleh ${input.printedBy} pada ${dateTimeWib(input.printedAt)}; musyawarah ${meeting.meetingId}.`,
  });
  document.heading(
    ['RINGKASAN HASIL', `${title} ${village.village?.toUpperCase() ?? meeting.regionCode}`],
    [`Nomor berita acara: ${meeting.number}`],
  );
  const amended = proposals.filter((proposal) => proposal.amendments.length > 0);
  document.facts([
    [`${village.kind}`, `${village.village ?? ''} (${meeting.regionCode})`.trim()],
    ['Kecamatan, Kabupaten/Kota', [village.district, village.regency].filter(Boolean).join(', ') || undefined],
    ['Hari, tanggal', `${dayName(meeting.date)}, ${longDate(meeting.date)}`],
    ['Tempat', meeting.place],
    ['Jumlah peserta hadir', `${meeting.attendeeCount} orang`],
    ['Dicatat', `${dateTimeWib(new Date(meeting.recordedAt))} oleh ${meeting.recordedBy.userId}`],
    [
      'Dokumen',
      meeting.documents.length === 0
        ? 'belum ada (berita acara dan daftar hadir belum diunggah)'
        : meeting.documents
            .map(
              (document) =>
                `${DOCUMENT_KINDS[document.kind] ?? document.kind} (${dateTimeWib(new Date(document.attachedAt))})`,
            )
            .join('; '),
    ],
    ['Usulan yang disepakati', `${proposals.length}`],
    ['Diubah setelah musyawarah', `${amended.length}`],
  ]);

  document.section(`Usulan yang disepakati (${proposals.length})`);
  if (proposals.length === 0) document.paragraph('Belum ada daftar yang diimpor untuk musyawarah ini.');
  else
    document.table(
      [
        { header: 'No', width: 4, align: 'right' },
        { header: 'Baris', width: 7 },
        { header: 'Nama Kepala Keluarga', width: 22 },
        { header: 'NIK (disamarkan)', width: 15 },
        { header: 'Jenis usulan', width: 13 },
        { header: 'Status', width: 11 },
        { header: 'Diubah setelah musyawarah', width: 15 },
        { header: 'Nomor usulan', width: 10 },
      ],
      proposals.map((proposal, index) => [
        String(index + 1),
        rowRanges(proposal.rows),
        proposal.headName ?? '(data pribadi telah dihapus)',
        proposal.headNik ?? '-',
        TYPES[proposal.proposalType] ?? proposal.proposalType,
        STATUSES[proposal.status] ?? proposal.status,
        proposal.amendments.length > 0 ? `Ya, ${proposal.amendments.length} kali` : 'Tidak',
        shortId(proposal.proposalId),
      ]),
    );

  document.section(`Perubahan setelah musyawarah (${amended.length} usulan)`);
  if (amended.length === 0) document.paragraph('Tidak ada usulan dari musyawarah ini yang diubah setelah musyawarah.');
  else
    document.table(
      [
        { header: 'Baris', width: 7 },
        { header: 'Nomor usulan', width: 10 },
        { header: 'Waktu', width: 16 },
        { header: 'Oleh', width: 14 },
        { header: 'Kolom yang diubah', width: 25 },
        { header: 'Alasan', width: 28 },
      ],
      amended.flatMap((proposal) =>
        proposal.amendments.map((amendment) => [
          rowRanges(proposal.rows),
          shortId(proposal.proposalId),
          dateTimeWib(new Date(amendment.at)),
          amendment.by,
          amendment.fields.join(', '),
          amendment.reason,
        ]),
      ),
    );
  return document.finish();
}
