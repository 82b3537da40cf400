/**
 * Texts of an usul's household on the public complaint page and of its triage (the draft it
 * opens). Kept apart from id.ts/en.ts, which spread them in.
 */
export const usulId = {
  'usul.legend': 'Keluarga yang diusulkan (sesuai KTP kepala keluarga)',
  'usul.hint':
    'Data ini menjadi draf usulan rumah tangga baru bila operator desa menilai usul Anda berdasar; operator melengkapinya.',
  'usul.nik': 'NIK kepala keluarga',
  'usul.name': 'Nama kepala keluarga sesuai KTP',
  'usul.sex': 'Jenis kelamin',
  'usul.birthDate': 'Tanggal lahir',
  'usul.birthPlace': 'Tempat lahir',
  'usul.maritalStatus': 'Status perkawinan',
  'usul.education': 'Pendidikan terakhir',
  'usul.occupation': 'Pekerjaan',
  'usul.disability': 'Disabilitas',
  'usul.street': 'Alamat (jalan/gang, nomor)',
  'usul.rt': 'RT',
  'usul.rw': 'RW',
  'usul.dusun': 'Dusun/lingkungan (opsional)',
  'usul.required': 'Wajib diisi untuk usul.',
  'usul.rtRw': 'RT/RW berupa 1–3 digit angka.',
  'triage.usulDraft':
    'Usul ini membawa data keluarga: bila berdasar tanpa ID, draf usulan rumah tangga baru dibuat dari data tersebut untuk Anda lengkapi.',
} as const;

export const usulEn: Readonly<Record<keyof typeof usulId, string>> = {
  'usul.legend': 'The proposed household (as on the head of household’s KTP)',
  'usul.hint':
    'If the village operator finds your proposal founded, these data become a draft new-household proposal, which the operator completes.',
  'usul.nik': 'NIK of the head of household',
  'usul.name': 'Name of the head of household as on the KTP',
  'usul.sex': 'Sex',
  'usul.birthDate': 'Date of birth',
  'usul.birthPlace': 'Place of birth',
  'usul.maritalStatus': 'Marital status',
  'usul.education': 'Highest education',
  'usul.occupation': 'Occupation',
  'usul.disability': 'Disability',
  'usul.street': 'Address (street/lane, number)',
  'usul.rt': 'RT',
  'usul.rw': 'RW',
  'usul.dusun': 'Hamlet (optional)',
  'usul.required': 'Required for a proposal.',
  'usul.rtRw': 'RT/RW are 1–3 digits.',
  'triage.usulDraft':
    'This proposal carries household data: founded without an id, it opens a draft new-household proposal from them for you to complete.',
};
