/** Stable identifiers of identity findings; the texts never contain the number itself. */
export type IdentityIssueCode =
  | 'nik.length'
  | 'nik.characters'
  | 'nik.date'
  | 'nik.serial'
  | 'nik.sex_mismatch'
  | 'nik.birthdate_mismatch'
  | 'nik.unknown_district'
  | 'kk.length'
  | 'kk.characters'
  | 'kk.date'
  | 'kk.serial'
  | 'kk.unknown_district';

export type Language = 'id' | 'en';

export interface IdentityIssue {
  code: IdentityIssueCode;
  message: string;
}

export const identityMessages: Readonly<Record<IdentityIssueCode, Readonly<Record<Language, string>>>> = {
  'nik.length': { id: 'NIK harus terdiri dari 16 digit.', en: 'A NIK must have 16 digits.' },
  'nik.characters': { id: 'NIK hanya boleh berisi angka.', en: 'A NIK may contain digits only.' },
  'nik.date': {
    id: 'Tanggal lahir dalam NIK tidak mungkin (digit 7–12, DDMMYY; perempuan: tanggal + 40).',
    en: 'The birth date in the NIK is impossible (digits 7–12, DDMMYY; women: day + 40).',
  },
  'nik.serial': {
    id: 'Nomor urut NIK (4 digit terakhir) tidak boleh 0000.',
    en: 'The NIK serial (last 4 digits) cannot be 0000.',
  },
  'nik.sex_mismatch': {
    id: 'Jenis kelamin tidak sesuai dengan NIK.',
    en: 'The sex does not match the NIK.',
  },
  'nik.birthdate_mismatch': {
    id: 'Tanggal lahir tidak sesuai dengan NIK.',
    en: 'The birth date does not match the NIK.',
  },
  'nik.unknown_district': {
    id: 'Kode kecamatan dalam NIK tidak ada dalam daftar wilayah saat ini (bisa karena pemekaran wilayah).',
    en: 'The district code in the NIK is not in the current region list (regions may have split since).',
  },
  'kk.length': { id: 'Nomor KK harus terdiri dari 16 digit.', en: 'A KK number must have 16 digits.' },
  'kk.characters': { id: 'Nomor KK hanya boleh berisi angka.', en: 'A KK number may contain digits only.' },
  'kk.date': {
    id: 'Tanggal terbit dalam nomor KK tidak mungkin (digit 7–12, DDMMYY).',
    en: 'The issue date in the KK number is impossible (digits 7–12, DDMMYY).',
  },
  'kk.serial': {
    id: 'Nomor urut KK (4 digit terakhir) tidak boleh 0000.',
    en: 'The KK serial (last 4 digits) cannot be 0000.',
  },
  'kk.unknown_district': {
    id: 'Kode kecamatan dalam nomor KK tidak ada dalam daftar wilayah saat ini.',
    en: 'The district code in the KK number is not in the current region list.',
  },
};

/** The text of a finding in Bahasa Indonesia (default) or English. */
export function message(code: IdentityIssueCode, lang: Language = 'id'): string {
  return identityMessages[code][lang];
}

export function issue(code: IdentityIssueCode, lang: Language): IdentityIssue {
  return { code, message: message(code, lang) };
}
