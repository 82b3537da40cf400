import {
  AdmindukEvent,
  CookingFuel,
  Disability,
  DrinkingWater,
  Education,
  FloorType,
  IncomeBand,
  Lighting,
  MaritalStatus,
  Occupation,
  Ownership,
  Programme,
  Relationship,
  RoofType,
  Toilet,
  WallType,
} from '@siks/contracts';
import { date, decimal, identityNumber, listOf, oneOf, sex, text, yesNo, type Converter } from './cells.ts';

/**
 * Column layout of by-name-by-address (BNBA) files. Headers are matched case-insensitively,
 * spaces and hyphens read as `_`; English aliases are accepted. One row per member
 * (`musdes`, `rtrw`) or per population event (`adminduk`). `target` is where the value
 * goes: a path in the household (household columns) or the member (member columns).
 */
export interface ColumnSpec {
  name: string;
  aliases?: readonly string[];
  required: boolean;
  level: 'household' | 'member' | 'row';
  target: string;
  convert: Converter;
  /** Short description for the README table. */
  doc: string;
}

const RELATIONSHIP_ALIASES = {
  istri: 'istri_suami',
  suami: 'istri_suami',
  kepala: 'kepala_keluarga',
  famili: 'famili_lain',
};
const EDUCATION_ALIASES = {
  belum_sekolah: 'tidak_sekolah',
  tidak_belum_sekolah: 'tidak_sekolah',
  sltp: 'smp',
  slta: 'sma',
  smk: 'sma',
  d1: 'diploma',
  d2: 'diploma',
  d3: 'diploma',
  d4: 's1',
  s2: 's2_s3',
  s3: 's2_s3',
};
const OCCUPATION_ALIASES = {
  ibu_rumah_tangga: 'mengurus_rumah_tangga',
  irt: 'mengurus_rumah_tangga',
  pelajar: 'pelajar_mahasiswa',
  mahasiswa: 'pelajar_mahasiswa',
  pns: 'pns_tni_polri',
  tni: 'pns_tni_polri',
  polri: 'pns_tni_polri',
  belum_tidak_bekerja: 'tidak_bekerja',
};
const PROGRAMME_ALIASES = { pbi: 'PBI_JK', pbijk: 'PBI_JK', sembako: 'BPNT' };

const enumOf = (schema: { options: readonly string[] }, aliases?: Record<string, string>) =>
  oneOf(schema.options, aliases);

/** Columns of `musdes` and `rtrw` files. */
export const HOUSEHOLD_COLUMNS: readonly ColumnSpec[] = [
  {
    name: 'ref_keluarga',
    aliases: ['household_ref'],
    required: true,
    level: 'row',
    target: 'ref',
    convert: text,
    doc: 'Kunci keluarga: baris dengan nilai sama = satu keluarga (mis. nomor urut keluarga dalam daftar)',
  },
  {
    name: 'id_keluarga',
    aliases: ['household_id'],
    required: false,
    level: 'household',
    target: 'householdId',
    convert: text,
    doc: 'ID keluarga di DTKS (UUID); diisi → usulan `update`, kosong → `new_household`',
  },
  {
    name: 'kode_desa',
    aliases: ['village_code'],
    required: true,
    level: 'household',
    target: 'regionCode',
    convert: text,
    doc: 'Kode desa/kelurahan `PP.KK.CC.DDDD`',
  },
  {
    name: 'alamat',
    aliases: ['street'],
    required: true,
    level: 'household',
    target: 'address.street',
    convert: text,
    doc: 'Jalan / alamat',
  },
  { name: 'rt', required: true, level: 'household', target: 'address.rt', convert: text, doc: 'RT (1–3 digit)' },
  { name: 'rw', required: true, level: 'household', target: 'address.rw', convert: text, doc: 'RW (1–3 digit)' },
  {
    name: 'dusun',
    aliases: ['hamlet'],
    required: false,
    level: 'household',
    target: 'address.dusun',
    convert: text,
    doc: 'Dusun / lingkungan',
  },
  {
    name: 'no_kk',
    aliases: ['kk_number'],
    required: false,
    level: 'household',
    target: 'kkNumber',
    convert: identityNumber,
    doc: 'Nomor KK, 16 digit (sel teks)',
  },
  {
    name: 'telepon',
    aliases: ['phone'],
    required: false,
    level: 'household',
    target: 'phone',
    convert: text,
    doc: 'Nomor telepon',
  },
  {
    name: 'program',
    aliases: ['programmes'],
    required: false,
    level: 'household',
    target: 'programmes',
    convert: listOf(Programme.options, PROGRAMME_ALIASES),
    doc: '`PKH`, `BPNT`, `PBI_JK`, dipisah `;`',
  },
  {
    name: 'luas_lantai_per_orang',
    aliases: ['floor_area_per_person_m2'],
    required: false,
    level: 'household',
    target: 'housing.floorAreaPerPersonM2',
    convert: decimal,
    doc: 'm² per orang (kriteria BPS; kolom rumah diisi semua atau tidak sama sekali)',
  },
  {
    name: 'jenis_lantai',
    aliases: ['floor_type'],
    required: false,
    level: 'household',
    target: 'housing.floorType',
    convert: enumOf(FloorType),
    doc: FloorType.options.join(', '),
  },
  {
    name: 'jenis_dinding',
    aliases: ['wall_type'],
    required: false,
    level: 'household',
    target: 'housing.wallType',
    convert: enumOf(WallType),
    doc: WallType.options.join(', '),
  },
  {
    name: 'jenis_atap',
    aliases: ['roof_type'],
    required: false,
    level: 'household',
    target: 'housing.roofType',
    convert: enumOf(RoofType),
    doc: RoofType.options.join(', '),
  },
  {
    name: 'status_rumah',
    aliases: ['ownership'],
    required: false,
    level: 'household',
    target: 'housing.ownership',
    convert: enumOf(Ownership),
    doc: Ownership.options.join(', '),
  },
  {
    name: 'sumber_air_minum',
    aliases: ['drinking_water'],
    required: false,
    level: 'household',
    target: 'housing.drinkingWater',
    convert: enumOf(DrinkingWater),
    doc: DrinkingWater.options.join(', '),
  },
  {
    name: 'penerangan',
    aliases: ['lighting'],
    required: false,
    level: 'household',
    target: 'housing.lighting',
    convert: enumOf(Lighting),
    doc: Lighting.options.join(', '),
  },
  {
    name: 'bahan_bakar_memasak',
    aliases: ['cooking_fuel'],
    required: false,
    level: 'household',
    target: 'housing.cookingFuel',
    convert: enumOf(CookingFuel),
    doc: CookingFuel.options.join(', '),
  },
  {
    name: 'fasilitas_bab',
    aliases: ['toilet'],
    required: false,
    level: 'household',
    target: 'housing.toilet',
    convert: enumOf(Toilet),
    doc: Toilet.options.join(', '),
  },
  {
    name: 'makan_per_hari',
    aliases: ['meals_per_day'],
    required: false,
    level: 'household',
    target: 'housing.mealsPerDay',
    convert: decimal,
    doc: 'Berapa kali makan sehari',
  },
  {
    name: 'konsumsi_protein_mingguan',
    aliases: ['eats_protein_weekly'],
    required: false,
    level: 'household',
    target: 'housing.eatsProteinWeekly',
    convert: yesNo,
    doc: 'Makan daging/ikan/susu/ayam seminggu sekali: ya/tidak',
  },
  {
    name: 'beli_pakaian_tahunan',
    aliases: ['buys_clothing_yearly'],
    required: false,
    level: 'household',
    target: 'housing.buysClothingYearly',
    convert: yesNo,
    doc: 'Membeli pakaian baru setahun sekali: ya/tidak',
  },
  {
    name: 'mampu_berobat',
    aliases: ['can_pay_treatment'],
    required: false,
    level: 'household',
    target: 'housing.canPayTreatment',
    convert: yesNo,
    doc: 'Mampu membayar berobat ke puskesmas: ya/tidak',
  },
  {
    name: 'aset_500rb',
    aliases: ['has_assets_over_500k'],
    required: false,
    level: 'household',
    target: 'housing.hasAssetsOver500k',
    convert: yesNo,
    doc: 'Punya aset ≥ Rp500.000: ya/tidak',
  },
  {
    name: 'pendapatan',
    aliases: ['income_band'],
    required: false,
    level: 'household',
    target: 'housing.incomeBand',
    convert: enumOf(IncomeBand),
    doc: IncomeBand.options.join(', '),
  },
  {
    name: 'nik',
    required: true,
    level: 'member',
    target: 'nik',
    convert: identityNumber,
    doc: 'NIK, 16 digit (sel teks)',
  },
  {
    name: 'nama',
    aliases: ['name'],
    required: true,
    level: 'member',
    target: 'name',
    convert: text,
    doc: 'Nama sesuai KK',
  },
  {
    name: 'hubungan',
    aliases: ['relationship'],
    required: true,
    level: 'member',
    target: 'relationship',
    convert: enumOf(Relationship, RELATIONSHIP_ALIASES),
    doc: Relationship.options.join(', '),
  },
  {
    name: 'jenis_kelamin',
    aliases: ['sex'],
    required: true,
    level: 'member',
    target: 'sex',
    convert: sex,
    doc: '`L` / `P`',
  },
  {
    name: 'tanggal_lahir',
    aliases: ['birth_date'],
    required: true,
    level: 'member',
    target: 'birthDate',
    convert: date,
    doc: '`YYYY-MM-DD`, `DD-MM-YYYY` atau `DD/MM/YYYY`',
  },
  {
    name: 'tempat_lahir',
    aliases: ['birth_place'],
    required: true,
    level: 'member',
    target: 'birthPlace',
    convert: text,
    doc: 'Tempat lahir',
  },
  {
    name: 'status_kawin',
    aliases: ['marital_status'],
    required: true,
    level: 'member',
    target: 'maritalStatus',
    convert: enumOf(MaritalStatus),
    doc: MaritalStatus.options.join(', '),
  },
  {
    name: 'pendidikan',
    aliases: ['education'],
    required: true,
    level: 'member',
    target: 'education',
    convert: enumOf(Education, EDUCATION_ALIASES),
    doc: Education.options.join(', '),
  },
  {
    name: 'pekerjaan',
    aliases: ['occupation'],
    required: true,
    level: 'member',
    target: 'occupation',
    convert: enumOf(Occupation, OCCUPATION_ALIASES),
    doc: Occupation.options.join(', '),
  },
  {
    name: 'disabilitas',
    aliases: ['disability'],
    required: false,
    level: 'member',
    target: 'disability',
    convert: enumOf(Disability),
    doc: `${Disability.options.join(', ')} (kosong = tidak_ada)`,
  },
  {
    name: 'nama_ibu',
    aliases: ['mother_name'],
    required: false,
    level: 'member',
    target: 'motherName',
    convert: text,
    doc: 'Nama ibu kandung',
  },
];

/** Columns of `adminduk` extracts: one row per population event. */
export const ADMINDUK_COLUMNS: readonly ColumnSpec[] = [
  {
    name: 'peristiwa',
    aliases: ['event'],
    required: true,
    level: 'row',
    target: 'event',
    convert: enumOf(AdmindukEvent),
    doc: AdmindukEvent.options.join(', '),
  },
  {
    name: 'tanggal_peristiwa',
    aliases: ['event_date'],
    required: true,
    level: 'row',
    target: 'eventDate',
    convert: date,
    doc: 'Tanggal meninggal/pindah/koreksi',
  },
  {
    name: 'nik',
    required: true,
    level: 'row',
    target: 'nik',
    convert: identityNumber,
    doc: 'NIK (yang lama, untuk koreksi_nik)',
  },
  { name: 'nama', aliases: ['name'], required: true, level: 'row', target: 'name', convert: text, doc: 'Nama' },
  {
    name: 'kode_desa',
    aliases: ['village_code'],
    required: true,
    level: 'row',
    target: 'regionCode',
    convert: text,
    doc: 'Desa/kelurahan domisili `PP.KK.CC.DDDD`',
  },
  {
    name: 'tanggal_lahir',
    aliases: ['birth_date'],
    required: false,
    level: 'row',
    target: 'birthDate',
    convert: date,
    doc: 'Tanggal lahir',
  },
  {
    name: 'jenis_kelamin',
    aliases: ['sex'],
    required: false,
    level: 'row',
    target: 'sex',
    convert: sex,
    doc: '`L` / `P`',
  },
  {
    name: 'no_kk',
    aliases: ['kk_number'],
    required: false,
    level: 'row',
    target: 'kkNumber',
    convert: identityNumber,
    doc: 'Nomor KK',
  },
  {
    name: 'nik_baru',
    aliases: ['new_nik'],
    required: false,
    level: 'row',
    target: 'newNik',
    convert: identityNumber,
    doc: 'Wajib untuk `koreksi_nik`',
  },
  {
    name: 'kode_desa_tujuan',
    aliases: ['destination_village_code'],
    required: false,
    level: 'row',
    target: 'destinationRegionCode',
    convert: text,
    doc: 'Untuk `pindah`, bila diketahui',
  },
];

/** `No`, `No.`, `nomor`: a running number villages like to add; ignored without a warning. */
export const IGNORED_COLUMNS: ReadonlySet<string> = new Set(['no', 'no.', 'nomor', 'no_urut']);

export function normaliseHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** The README table of a layout. */
export function layoutMarkdown(columns: readonly ColumnSpec[]): string {
  const lines = ['| kolom | wajib | tingkat | isi |', '|---|---|---|---|'];
  for (const column of columns) {
    const name = [column.name, ...(column.aliases ?? [])].map((n) => `\`${n}\``).join(' / ');
    const level = column.level === 'member' ? 'anggota' : column.level === 'household' ? 'keluarga' : 'baris';
    lines.push(`| ${name} | ${column.required ? 'ya' : 'tidak'} | ${level} | ${column.doc} |`);
  }
  return lines.join('\n');
}
