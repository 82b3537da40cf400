/**
 * Shapes of generated households (DOMAIN.md "Household and members"). Plain interfaces on
 * purpose: the contracts' zod schemas are the authority and these get aligned with them.
 */
export type Sex = 'male' | 'female';

export type Relationship =
  | 'kepala_keluarga'
  | 'istri_suami'
  | 'anak'
  | 'menantu'
  | 'cucu'
  | 'orang_tua'
  | 'mertua'
  | 'famili_lain'
  | 'lainnya';

export type MaritalStatus = 'belum_kawin' | 'kawin' | 'cerai_hidup' | 'cerai_mati';

export type Education = 'belum_sekolah' | 'tidak_tamat_sd' | 'sd' | 'smp' | 'sma' | 'diploma' | 'sarjana';

export type Occupation =
  | 'belum_tidak_bekerja'
  | 'pelajar'
  | 'mengurus_rumah_tangga'
  | 'petani'
  | 'buruh_tani'
  | 'nelayan'
  | 'peternak'
  | 'pedagang'
  | 'buruh_harian_lepas'
  | 'tukang'
  | 'sopir_ojek'
  | 'wiraswasta'
  | 'pekerja_migran'
  | 'karyawan_swasta'
  | 'guru'
  | 'pns'
  | 'pensiunan';

export type Disability = 'tidak_ada' | 'fisik' | 'intelektual' | 'mental' | 'sensorik' | 'ganda';

export interface GeneratedMember {
  /** Stable internal id; also fit as the pseudonymous PII subject id. */
  memberId: string;
  nik: string;
  name: string;
  relationship: Relationship;
  sex: Sex;
  /** `YYYY-MM-DD`. */
  birthDate: string;
  birthPlace: string;
  maritalStatus: MaritalStatus;
  education: Education;
  occupation: Occupation;
  disability: Disability;
  motherName: string;
}

export interface Address {
  street: string;
  /** Three digits, e.g. '003'. */
  rt: string;
  rw: string;
  dusun: string;
}

export interface GeoPoint {
  lat: number;
  lon: number;
  accuracyM: number;
  /** ISO timestamp. */
  capturedAt: string;
}

/** The BPS poverty-instrument criteria of a dwelling, plus assets. */
export interface Housing {
  floorAreaPerPersonM2: number;
  floorType: 'tanah' | 'bambu' | 'kayu_murah' | 'semen' | 'keramik';
  wallType: 'bambu' | 'rumbia' | 'kayu_murah' | 'tembok_tanpa_plester' | 'tembok';
  roofType: 'rumbia' | 'ijuk' | 'seng' | 'asbes' | 'genteng' | 'beton';
  ownership: 'milik_sendiri' | 'kontrak_sewa' | 'bebas_sewa' | 'dinas' | 'lainnya';
  drinkingWater:
    | 'air_kemasan'
    | 'ledeng'
    | 'sumur_bor'
    | 'sumur_terlindung'
    | 'sumur_tak_terlindung'
    | 'mata_air_tak_terlindung'
    | 'sungai'
    | 'air_hujan';
  lighting: 'listrik_pln_meteran' | 'listrik_pln_tanpa_meteran' | 'listrik_non_pln' | 'bukan_listrik';
  cookingFuel: 'listrik' | 'gas_elpiji' | 'minyak_tanah' | 'arang' | 'kayu_bakar';
  toilet: 'sendiri' | 'bersama' | 'umum' | 'tidak_ada';
  mealsPerDay: 1 | 2 | 3;
  canPayTreatment: boolean;
  /** Owns assets worth over Rp500,000 that can be sold (motorbike, gold, livestock, …). */
  assetsOver500k: boolean;
}

/** Monthly household income in rupiah. */
export type IncomeBand = 'lt_500k' | '500k_1m' | '1m_2m' | '2m_3m' | 'gte_3m';

export type Programme = 'PKH' | 'BPNT' | 'PBI-JK';

export interface GeneratedHousehold {
  householdId: string;
  kkNumber: string;
  /** `PP.KK.CC.DDDD`. */
  villageCode: string;
  address: Address;
  /** Present for Lombok Tengah villages (52.02). */
  location?: GeoPoint;
  housing: Housing;
  incomeBand: IncomeBand;
  programmes: Programme[];
  /** The head (kepala_keluarga) first. */
  members: GeneratedMember[];
}
