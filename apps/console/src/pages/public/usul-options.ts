/**
 * The value lists of an usul's household head, as plain arrays: the public complaint page must
 * not pull zod (the contracts' enums are zod schemas, a third of the console's code) onto a
 * citizen's slow line. usul-options.test.ts keeps them equal to the contracts' lists.
 */
export const USUL_OPTIONS = {
  sex: ['male', 'female'],
  maritalStatus: ['belum_kawin', 'kawin', 'cerai_hidup', 'cerai_mati'],
  education: ['tidak_sekolah', 'belum_tamat_sd', 'sd', 'smp', 'sma', 'diploma', 's1', 's2_s3'],
  occupation: [
    'tidak_bekerja',
    'mengurus_rumah_tangga',
    'pelajar_mahasiswa',
    'petani',
    'nelayan',
    'buruh',
    'pedagang',
    'wiraswasta',
    'karyawan_swasta',
    'pns_tni_polri',
    'pensiunan',
    'lainnya',
  ],
  disability: ['tidak_ada', 'fisik', 'intelektual', 'mental', 'sensorik', 'ganda'],
} as const;

/** What the citizen types about the proposed household (strings as the inputs hold them). */
export interface UsulDraft {
  nik: string;
  name: string;
  sex: string;
  birthDate: string;
  birthPlace: string;
  maritalStatus: string;
  education: string;
  occupation: string;
  disability: string;
  street: string;
  rt: string;
  rw: string;
  dusun: string;
}

export const emptyUsul = (): UsulDraft => ({
  nik: '',
  name: '',
  sex: '',
  birthDate: '',
  birthPlace: '',
  maritalStatus: '',
  education: '',
  occupation: '',
  disability: 'tidak_ada',
  street: '',
  rt: '',
  rw: '',
  dusun: '',
});

/** The fields a draft proposal needs, by their path in the complaint body (all but the hamlet). */
export const USUL_REQUIRED: readonly (keyof UsulDraft)[] = [
  'nik',
  'name',
  'sex',
  'birthDate',
  'birthPlace',
  'maritalStatus',
  'education',
  'occupation',
  'street',
  'rt',
  'rw',
];

/** The body path of a draft field (`household.head.nik`, `household.address.rt`, …). */
export const usulPath = (field: keyof UsulDraft): string =>
  ['street', 'rt', 'rw', 'dusun'].includes(field) ? `household.address.${field}` : `household.head.${field}`;

/** The `household` of the complaint body. */
export function usulHousehold(draft: UsulDraft) {
  const text = (value: string) => value.trim();
  return {
    head: {
      nik: text(draft.nik),
      name: text(draft.name),
      sex: draft.sex,
      birthDate: draft.birthDate,
      birthPlace: text(draft.birthPlace),
      maritalStatus: draft.maritalStatus,
      education: draft.education,
      occupation: draft.occupation,
      disability: draft.disability,
    },
    address: {
      street: text(draft.street),
      rt: text(draft.rt),
      rw: text(draft.rw),
      ...(text(draft.dusun) !== '' ? { dusun: text(draft.dusun) } : {}),
    },
  };
}
