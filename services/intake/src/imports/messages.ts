import type { LocalizedText } from '@siks/contracts';

/** Texts of import codes (file-level and row-level); they never quote cell contents. */
export const importMessages = {
  'import.empty': { id: 'Berkas kosong atau tanpa baris data.', en: 'The file is empty or has no data rows.' },
  'import.missing_column': {
    id: 'Kolom wajib "{column}" tidak ada.',
    en: 'The required column "{column}" is missing.',
  },
  'import.duplicate_column': { id: 'Kolom "{column}" muncul dua kali.', en: 'The column "{column}" appears twice.' },
  'import.unknown_column': {
    id: 'Kolom "{column}" tidak dikenal dan diabaikan.',
    en: 'The column "{column}" is unknown and ignored.',
  },
  'import.csv_quote': {
    id: 'Tanda kutip tidak tertutup atau salah tempat pada baris {line}.',
    en: 'A quote is not closed or misplaced on line {line}.',
  },
  'import.csv_malformed': {
    id: 'CSV tidak dapat dibaca pada baris {line}.',
    en: 'The CSV cannot be read at line {line}.',
  },
  'import.xlsx_unreadable': {
    id: 'Berkas bukan XLSX yang dapat dibaca.',
    en: 'The file is not a readable XLSX workbook.',
  },
  'import.xlsx_too_large': {
    id: 'Isi berkas XLSX terlalu besar setelah dibuka (lebih dari {maximum} bita); bagi menjadi beberapa berkas.',
    en: 'The XLSX file is too large once unpacked (more than {maximum} bytes); split it into several files.',
  },
  'import.too_many_rows': {
    id: 'Terlalu banyak baris (maksimal {maximum}); pecah berkas ini.',
    en: 'Too many rows (at most {maximum}); split the file.',
  },
  'import.text_expected': { id: 'Isi sel harus teks.', en: 'The cell must hold text.' },
  'import.identity_not_text': {
    id: 'NIK/No. KK tersimpan sebagai angka (Excel memotong digit terakhir); ubah format kolom menjadi Teks.',
    en: 'The NIK/KK number is stored as a number (Excel drops the last digit); format the column as Text.',
  },
  'import.number_expected': { id: 'Isi sel harus angka.', en: 'The cell must hold a number.' },
  'import.extra_cells': {
    id: 'Baris ini berisi lebih banyak sel daripada {columns} kolom judul.',
    en: 'This row holds more cells than the {columns} header columns.',
  },
  'import.household_value_conflict': {
    id: 'Data keluarga berbeda dengan baris {row} dari keluarga yang sama.',
    en: 'Household data differs from row {row} of the same household.',
  },
  'import.nik_repeated': {
    id: 'NIK ini sudah tercantum pada keluarga lain dalam berkas ini.',
    en: 'This NIK is already listed in another household of this file.',
  },
  'import.household_rejected': {
    id: 'Keluarga ini ditolak karena kesalahan pada baris {rows}.',
    en: 'This household is rejected because of errors on rows {rows}.',
  },
  'import.duplicate_row': {
    id: 'Peristiwa yang sama untuk NIK ini sudah ada di baris sebelumnya.',
    en: 'The same event for this NIK appears on an earlier row.',
  },
} as const satisfies Record<string, LocalizedText>;
