import { dateTimeWib, dayName, longDate, PrintDocument } from '@siks/print';
import { headOfVillage, meetingTitle, type VillagePlace } from './place.ts';

/** The facts of a recorded meeting a form is filled with (none: a blank form). */
export interface FormMeeting {
  date: string;
  number: string;
  place: string;
  attendeeCount: number;
  /** Proposals agreed (the list imported for it), when it has been imported. */
  proposals?: number;
}

export interface FormInput {
  village: VillagePlace;
  meeting?: FormMeeting;
  printedBy: string;
  printedAt: Date;
  meetingId?: string;
}

const footerOf = (input: FormInput): string =>
  `Formulir dari SIKS, dicetak oleh ${input.printedBy} pada ${dateTimeWib(input.printedAt)}` +
  (input.meetingId ? ` untuk musyawarah ${input.meetingId}.` : '.') +
  ' Setelah ditandatangani, unggah kembali pada halaman musyawarah.';

const dayAndDate = (meeting?: FormMeeting): string | undefined =>
  meeting ? `${dayName(meeting.date)}, ${longDate(meeting.date)}` : undefined;

/**
 * The minutes (*berita acara*) of a village meeting that agrees the list of DTKS proposals: the
 * facts of the meeting, sections to write the agenda, discussion and agreements by hand, and the
 * signatures of the chair, the minute-taker, the village council's chair and the village head.
 */
export function renderMinutes(input: FormInput): Promise<Buffer> {
  const { village, meeting } = input;
  const title = meetingTitle(village);
  const document = new PrintDocument({ title: `Berita acara ${title.toLowerCase()}`, footer: footerOf(input) });
  document.heading(
    ['BERITA ACARA', title, 'PENETAPAN DAFTAR USULAN DATA TERPADU KESEJAHTERAAN SOSIAL (DTKS)'],
    [`Nomor: ${meeting?.number ?? '....................'}`],
  );
  const where = [
    `${village.kind} ${village.village ?? '..........'}`,
    `Kecamatan ${village.district ?? '..........'}`,
    village.regency ?? 'Kabupaten/Kota ..........',
    `Provinsi ${village.province ?? '..........'}`,
  ].join(', ');
  document.paragraph(
    `Pada hari ini ${meeting ? dayName(meeting.date) : '..........'}, tanggal ${meeting ? longDate(meeting.date) : '....................'}, ` +
      `bertempat di ${meeting?.place ?? '....................'}, ${where}, telah diselenggarakan ` +
      `${title === 'MUSYAWARAH DESA' ? 'Musyawarah Desa' : 'Musyawarah Kelurahan'} untuk membahas dan menyepakati ` +
      'daftar keluarga yang diusulkan masuk, diperbarui atau dikeluarkan dari Data Terpadu Kesejahteraan Sosial (DTKS).',
  );
  document.facts([
    [`${village.kind}/Kode wilayah`, village.village ? `${village.village} (${village.code})` : undefined],
    ['Hari, tanggal', dayAndDate(meeting)],
    ['Tempat', meeting?.place],
    ['Jumlah peserta hadir', meeting ? `${meeting.attendeeCount} orang (daftar hadir terlampir)` : undefined],
    ['Pimpinan musyawarah', undefined],
    ['Notulis', undefined],
  ]);
  document.section('A. Acara');
  document.blankLines(3);
  document.section('B. Pembahasan');
  document.blankLines(5);
  document.section('C. Kesepakatan');
  document.paragraph(
    `1. Musyawarah menyepakati daftar usulan sebanyak ${meeting?.proposals !== undefined && meeting.proposals > 0 ? meeting.proposals : '..........'} keluarga ` +
      'sebagaimana tercantum dalam daftar terlampir, untuk diteruskan kepada Dinas Sosial Kabupaten/Kota.',
    { align: 'left' },
  );
  document.blankLines(3, false);
  document.paragraph(
    'Demikian berita acara ini dibuat dengan sebenarnya untuk dapat dipergunakan sebagaimana mestinya.',
  );
  const signedAt = `${village.village ?? '..........'}, ${meeting ? longDate(meeting.date) : '....................'}`;
  document.signatures([
    { office: ['Pimpinan Musyawarah'], nip: { kind: 'none' } },
    { above: [signedAt], office: ['Notulis'], nip: { kind: 'none' } },
  ]);
  document.signatures([
    {
      above: ['Mengetahui,'],
      office: [village.kind === 'Kelurahan' ? 'Ketua LPM' : 'Ketua BPD'],
      nip: { kind: 'none' },
    },
    {
      above: [''],
      office: [headOfVillage(village)],
      // A lurah is a civil servant (NIP); a kepala desa is elected and has none.
      nip: village.kind === 'Kelurahan' ? { kind: 'nip' } : { kind: 'none' },
    },
  ]);
  return document.finish();
}

/** The most rows an attendance list prints (a larger meeting prints a second copy). */
export const MAX_ATTENDANCE_ROWS = 300;

/**
 * The attendance list (*daftar hadir*) of a village meeting: the meeting's facts and one
 * numbered row per attendee recorded (at least 20), to sign by hand, and the village head's
 * acknowledgement.
 */
export function renderAttendance(input: FormInput): Promise<Buffer> {
  const { village, meeting } = input;
  const title = meetingTitle(village);
  const document = new PrintDocument({
    title: `Daftar hadir ${title.toLowerCase()}`,
    footer: footerOf(input),
    landscape: true,
  });
  document.heading(
    ['DAFTAR HADIR', `${title} ${village.village?.toUpperCase() ?? '....................'}`],
    ['Penetapan Daftar Usulan Data Terpadu Kesejahteraan Sosial (DTKS)'],
  );
  document.facts([
    ['Hari, tanggal', dayAndDate(meeting)],
    ['Tempat', meeting?.place],
    ['Nomor berita acara', meeting?.number],
    [
      'Kecamatan, Kabupaten/Kota',
      village.district && village.regency ? `${village.district}, ${village.regency}` : undefined,
    ],
  ]);
  const count = Math.min(Math.max(meeting?.attendeeCount ?? 0, 20), MAX_ATTENDANCE_ROWS);
  const rows = Array.from({ length: count }, (_, index) => [String(index + 1), '', '', '', '', `${index + 1}.`]);
  document.table(
    [
      { header: 'No', width: 4, align: 'right' },
      { header: 'Nama', width: 22 },
      { header: 'Jabatan / Unsur', width: 16 },
      { header: 'Alamat (Dusun/RT/RW)', width: 20 },
      { header: 'L/P', width: 5 },
      { header: 'Tanda Tangan', width: 16 },
    ],
    rows,
    { minRowHeight: 24 },
  );
  document.signatures([
    {
      above: ['Mengetahui,'],
      office: [headOfVillage(village)],
      nip: village.kind === 'Kelurahan' ? { kind: 'nip' } : { kind: 'none' },
    },
  ]);
  return document.finish();
}
