import { z } from 'zod';

/**
 * Closed value lists of a household proposal (DOMAIN.md). Values are stable codes: they are
 * stored in events, so a value is never renamed, only added (with an upcaster if need be).
 */

export const Relationship = z.enum([
  'kepala_keluarga',
  'istri_suami',
  'anak',
  'menantu',
  'cucu',
  'orang_tua',
  'mertua',
  'famili_lain',
  'lainnya',
]);
export type Relationship = z.infer<typeof Relationship>;

/** Same codes as `@siks/wilayah` `Sex`. */
export const Sex = z.enum(['male', 'female']);
export type Sex = z.infer<typeof Sex>;

export const MaritalStatus = z.enum(['belum_kawin', 'kawin', 'cerai_hidup', 'cerai_mati']);
export type MaritalStatus = z.infer<typeof MaritalStatus>;

export const Education = z.enum(['tidak_sekolah', 'belum_tamat_sd', 'sd', 'smp', 'sma', 'diploma', 's1', 's2_s3']);
export type Education = z.infer<typeof Education>;

export const Occupation = z.enum([
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
]);
export type Occupation = z.infer<typeof Occupation>;

export const Disability = z.enum(['tidak_ada', 'fisik', 'intelektual', 'mental', 'sensorik', 'ganda']);
export type Disability = z.infer<typeof Disability>;

/** Programmes requested or received: PKH, BPNT (Sembako), PBI-JK. */
export const Programme = z.enum(['PKH', 'BPNT', 'PBI_JK']);
export type Programme = z.infer<typeof Programme>;

/** Monthly household income band (rupiah). */
export const IncomeBand = z.enum(['under_600k', '600k_1m', '1m_2m', '2m_3m', 'over_3m']);
export type IncomeBand = z.infer<typeof IncomeBand>;

export const FloorType = z.enum([
  'tanah',
  'bambu',
  'kayu_murah',
  'semen',
  'keramik',
  'kayu_kualitas_tinggi',
  'lainnya',
]);
export const WallType = z.enum([
  'bambu',
  'rumbia',
  'kayu_murah',
  'tembok_tanpa_plester',
  'tembok',
  'kayu_kualitas_tinggi',
  'lainnya',
]);
export const RoofType = z.enum(['ijuk_rumbia', 'seng', 'asbes', 'genteng', 'beton', 'lainnya']);
export const Ownership = z.enum(['milik_sendiri', 'kontrak_sewa', 'bebas_sewa', 'dinas', 'lainnya']);
export const DrinkingWater = z.enum([
  'ledeng',
  'air_kemasan',
  'sumur_terlindung',
  'sumur_tidak_terlindung',
  'mata_air_terlindung',
  'mata_air_tidak_terlindung',
  'air_sungai',
  'air_hujan',
  'lainnya',
]);
export const Lighting = z.enum(['listrik_pln', 'listrik_non_pln', 'bukan_listrik']);
export const CookingFuel = z.enum([
  'listrik',
  'gas',
  'minyak_tanah',
  'arang',
  'kayu_bakar',
  'lainnya',
  'tidak_memasak',
]);
export const Toilet = z.enum(['sendiri', 'bersama', 'umum', 'tidak_ada']);

export const ProposalType = z.enum([
  'new_household',
  'update',
  'add_member',
  'remove_member',
  'deactivate',
  'reactivate',
  'split_household',
]);
export type ProposalType = z.infer<typeof ProposalType>;

export const DeactivationReason = z.enum(['meninggal', 'pindah', 'mampu', 'menolak', 'bantuan_ganda', 'duplikat']);
export type DeactivationReason = z.infer<typeof DeactivationReason>;

/** Why one member leaves a household (a `remove_member` proposal). */
export const RemovalReason = z.enum(['meninggal', 'pindah', 'menikah', 'duplikat', 'lainnya']);
export type RemovalReason = z.infer<typeof RemovalReason>;

/**
 * Lifecycle of a proposal as the intake aggregate knows it. `corrected` = amended after a
 * return; `verified`, `approved`, `rejected` mirror verification's outcomes.
 */
export const ProposalStatus = z.enum([
  'draft',
  'submitted',
  'returned',
  'corrected',
  'withdrawn',
  'verified',
  'approved',
  'rejected',
]);
export type ProposalStatus = z.infer<typeof ProposalStatus>;

/** Channels that hand in a single proposal over `POST /v1/intake/proposals`. */
export const DirectChannel = z.enum(['operator', 'program', 'field']);
export type DirectChannel = z.infer<typeof DirectChannel>;

/** Channels that hand in by-name-by-address files over `POST /v1/intake/imports`. */
export const ImportChannel = z.enum(['musdes', 'rtrw', 'adminduk']);
export type ImportChannel = z.infer<typeof ImportChannel>;

/** Population-registry events in an `adminduk` extract. */
export const AdmindukEvent = z.enum(['meninggal', 'pindah', 'koreksi_nik']);
export type AdmindukEvent = z.infer<typeof AdmindukEvent>;
