/**
 * Texts of the printouts (PDFs) of issue 18: the buttons and the signer's fields of the approval
 * list; in their own file so other pages' keys merge without conflicts; spread into id.ts and en.ts.
 */
export const printId = {
  'print.minutes': 'Cetak berita acara (PDF)',
  'print.attendance': 'Cetak daftar hadir (PDF)',
  'print.summary': 'Cetak ringkasan musyawarah (PDF)',
  'print.blankMinutes': 'Formulir berita acara kosong (PDF)',
  'print.blankAttendance': 'Formulir daftar hadir kosong (PDF)',
  'print.meetingTitle': 'Cetak',
  'print.meetingHint':
    'Berita acara dan daftar hadir terisi data musyawarah ini: cetak, tandatangani, lalu unggah hasil pindaiannya di bawah. Ringkasan memuat usulan yang disepakati dan perubahan setelah musyawarah.',
  'print.approvalList': 'Cetak daftar penetapan (PDF)',
  'print.signer': 'Penanda tangan daftar penetapan',
  'print.signerHint': 'Opsional. Kolom yang dikosongkan dicetak sebagai garis untuk diisi tangan.',
  'print.place': 'Tempat',
  'print.date': 'Tanggal',
  'print.title': 'Jabatan',
  'print.titleHint': 'Kosong: Bupati/Wali Kota kabupaten/kota ini.',
  'print.name': 'Nama',
  'print.nip': 'NIP',
  'print.nipHint': '18 angka; hanya bila ditandatangani ASN atas nama kepala daerah.',
  'print.masked': 'Samarkan NIK (untuk diumumkan)',
} as const;

export const printEn: Readonly<Record<keyof typeof printId, string>> = {
  'print.minutes': 'Print the minutes (PDF)',
  'print.attendance': 'Print the attendance list (PDF)',
  'print.summary': 'Print the meeting summary (PDF)',
  'print.blankMinutes': 'Blank minutes form (PDF)',
  'print.blankAttendance': 'Blank attendance form (PDF)',
  'print.meetingTitle': 'Print',
  'print.meetingHint':
    'The minutes and attendance list come filled with this meeting’s facts: print, sign, then upload the scan below. The summary lists the proposals agreed and the changes after the meeting.',
  'print.approvalList': 'Print the approval list (PDF)',
  'print.signer': 'Signatory of the approval lists',
  'print.signerHint': 'Optional. A field left empty prints as a line to write by hand.',
  'print.place': 'Place',
  'print.date': 'Date',
  'print.title': 'Office',
  'print.titleHint': 'Empty: the Bupati/Walikota of this regency.',
  'print.name': 'Name',
  'print.nip': 'NIP',
  'print.nipHint': '18 digits; only when a civil servant signs on the regional head’s behalf.',
  'print.masked': 'Mask NIKs (to post in public)',
};
