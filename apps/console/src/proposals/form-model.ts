import {
  HouseholdData,
  identityMessage,
  parseWithIssues,
  proposalFieldMessages,
  renderFieldIssues,
  validateKk,
  validateNik,
} from './contracts.ts';

/** A member as the form holds it: every input as typed (strings). */
export interface MemberDraft {
  nik: string;
  name: string;
  relationship: string;
  sex: string;
  birthDate: string;
  birthPlace: string;
  maritalStatus: string;
  education: string;
  occupation: string;
  disability: string;
  motherName: string;
}

export interface HousingDraft {
  floorAreaPerPersonM2: string;
  floorType: string;
  wallType: string;
  roofType: string;
  ownership: string;
  drinkingWater: string;
  lighting: string;
  cookingFuel: string;
  toilet: string;
  mealsPerDay: string;
  eatsProteinWeekly: boolean;
  buysClothingYearly: boolean;
  canPayTreatment: boolean;
  hasAssetsOver500k: boolean;
  incomeBand: string;
}

export interface LocationValue {
  lat: number;
  lon: number;
  accuracyM: number;
  capturedAt: string;
}

export interface HouseholdDraft {
  regionCode: string;
  street: string;
  rt: string;
  rw: string;
  dusun: string;
  phone: string;
  kkNumber: string;
  location?: LocationValue;
  includeHousing: boolean;
  housing: HousingDraft;
  members: MemberDraft[];
  programmes: string[];
}

export const emptyMember = (relationship = ''): MemberDraft => ({
  nik: '',
  name: '',
  relationship,
  sex: '',
  birthDate: '',
  birthPlace: '',
  maritalStatus: '',
  education: '',
  occupation: '',
  disability: 'tidak_ada',
  motherName: '',
});

export const emptyHousing = (): HousingDraft => ({
  floorAreaPerPersonM2: '',
  floorType: '',
  wallType: '',
  roofType: '',
  ownership: '',
  drinkingWater: '',
  lighting: '',
  cookingFuel: '',
  toilet: '',
  mealsPerDay: '',
  eatsProteinWeekly: false,
  buysClothingYearly: false,
  canPayTreatment: false,
  hasAssetsOver500k: false,
  incomeBand: '',
});

export const emptyHousehold = (regionCode: string): HouseholdDraft => ({
  regionCode,
  street: '',
  rt: '',
  rw: '',
  dusun: '',
  phone: '',
  kkNumber: '',
  includeHousing: false,
  housing: emptyHousing(),
  members: [emptyMember('kepala_keluarga')],
  programmes: [],
});

const text = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim());
const number = (value: string): number | string | undefined => {
  const trimmed = value.trim().replace(',', '.');
  if (trimmed === '') return undefined;
  const parsed = Number(trimmed);
  return Number.isFinite(parsed) ? parsed : trimmed;
};
const defined = <T extends Record<string, unknown>>(record: T): Partial<T> =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>;

/** The household as the API takes it (`HouseholdData`); empty optional inputs are left out. */
export function toHouseholdData(draft: HouseholdDraft): Record<string, unknown> {
  return defined({
    regionCode: draft.regionCode.trim(),
    address: defined({ street: text(draft.street), rt: text(draft.rt), rw: text(draft.rw), dusun: text(draft.dusun) }),
    location: draft.location,
    phone: text(draft.phone),
    kkNumber: text(draft.kkNumber),
    housing: draft.includeHousing
      ? defined({
          ...draft.housing,
          floorAreaPerPersonM2: number(draft.housing.floorAreaPerPersonM2),
          mealsPerDay: number(draft.housing.mealsPerDay),
          floorType: text(draft.housing.floorType),
          wallType: text(draft.housing.wallType),
          roofType: text(draft.housing.roofType),
          ownership: text(draft.housing.ownership),
          drinkingWater: text(draft.housing.drinkingWater),
          lighting: text(draft.housing.lighting),
          cookingFuel: text(draft.housing.cookingFuel),
          toilet: text(draft.housing.toilet),
          incomeBand: text(draft.housing.incomeBand),
        })
      : undefined,
    members: draft.members.map((member) =>
      defined({
        nik: member.nik.trim(),
        name: text(member.name),
        relationship: text(member.relationship),
        sex: text(member.sex),
        birthDate: text(member.birthDate),
        birthPlace: text(member.birthPlace),
        maritalStatus: text(member.maritalStatus),
        education: text(member.education),
        occupation: text(member.occupation),
        disability: text(member.disability),
        motherName: text(member.motherName),
      }),
    ),
    programmes: draft.programmes,
  });
}

/** Back from the API's household to the form (an amendment starts from the stored content). */
export function fromHouseholdData(data: Record<string, unknown>): HouseholdDraft {
  const household = data as {
    regionCode?: string;
    address?: { street?: string; rt?: string; rw?: string; dusun?: string };
    location?: LocationValue;
    phone?: string;
    kkNumber?: string;
    housing?: Record<string, unknown>;
    members?: Record<string, unknown>[];
    programmes?: string[];
  };
  const housing = household.housing;
  const str = (value: unknown): string => (value === undefined || value === null ? '' : String(value));
  return {
    regionCode: str(household.regionCode),
    street: str(household.address?.street),
    rt: str(household.address?.rt),
    rw: str(household.address?.rw),
    dusun: str(household.address?.dusun),
    phone: str(household.phone),
    kkNumber: str(household.kkNumber),
    ...(household.location ? { location: household.location } : {}),
    includeHousing: housing !== undefined,
    housing: housing
      ? {
          ...emptyHousing(),
          ...Object.fromEntries(
            Object.entries(housing).map(([key, value]) => [key, typeof value === 'boolean' ? value : str(value)]),
          ),
        }
      : emptyHousing(),
    members: (household.members ?? []).map((member) => ({
      ...emptyMember(),
      ...Object.fromEntries(Object.entries(member).map(([key, value]) => [key, str(value)])),
    })),
    programmes: household.programmes ?? [],
  };
}

/** Errors and warnings by dotted path (`household.members.0.nik`), texts in the chosen language. */
export interface FormCheck {
  errors: Record<string, string>;
  warnings: Record<string, string>;
  ok: boolean;
}

export interface CheckOptions {
  lang: 'id' | 'en';
  /** `YYYY-MM-DD` (the century of NIK dates; future birth dates). */
  today: string;
  /** District codes (`PP.KK.CC`) known not to exist: a NIK prefix there is a warning. */
  unknownDistricts?: ReadonlySet<string>;
}

/**
 * Checks the form with the services' own rules: the `HouseholdData` zod schema (messages from
 * the shared catalogue), NIK and KK rules from @siks/wilayah (sex and birth date against the
 * NIK), one head per household and no NIK twice.
 */
export function checkHousehold(draft: HouseholdDraft, options: CheckOptions): FormCheck {
  const errors: Record<string, string> = {};
  const warnings: Record<string, string> = {};
  const put = (target: Record<string, string>, path: string, message: string): void => {
    target[path] ??= message;
  };
  const parsed = parseWithIssues(HouseholdData, toHouseholdData(draft), ['household']);
  if (!parsed.ok)
    for (const error of renderFieldIssues(parsed.issues, options.lang, proposalFieldMessages))
      put(errors, error.path, error.message);

  const seen = new Map<string, number>();
  let heads = 0;
  draft.members.forEach((member, index) => {
    const base = `household.members.${index}`;
    if (member.relationship === 'kepala_keluarga') heads += 1;
    const nik = member.nik.trim();
    if (nik !== '' && !errors[`${base}.nik`]) {
      const birthDate = /^\d{4}-\d{2}-\d{2}$/.test(member.birthDate) && !errors[`${base}.birthDate`];
      const result = validateNik(nik, {
        lang: options.lang,
        today: options.today,
        ...(member.sex === 'male' || member.sex === 'female' ? { sex: member.sex } : {}),
        ...(birthDate ? { birthDate: member.birthDate } : {}),
      });
      const first = result.errors[0];
      if (first) {
        const target =
          first.code === 'nik.sex_mismatch' ? 'sex' : first.code === 'nik.birthdate_mismatch' ? 'birthDate' : 'nik';
        put(errors, `${base}.${target}`, first.message);
      }
      if (result.parsed && options.unknownDistricts?.has(result.parsed.districtCode))
        put(warnings, `${base}.nik`, identityMessage('nik.unknown_district', options.lang));
      const other = seen.get(nik);
      if (other !== undefined) put(errors, `${base}.nik`, catalogueText('household.nik_duplicate', options.lang));
      else seen.set(nik, index);
    }
    if (member.birthDate !== '' && member.birthDate > options.today && !errors[`${base}.birthDate`])
      put(errors, `${base}.birthDate`, catalogueText('date.future', options.lang));
  });
  if (heads === 0) put(errors, 'household.members', catalogueText('household.head_missing', options.lang));
  if (heads > 1) put(errors, 'household.members', catalogueText('household.head_multiple', options.lang));

  const kk = draft.kkNumber.trim();
  if (kk !== '' && !errors['household.kkNumber']) {
    const result = validateKk(kk, { lang: options.lang, today: options.today });
    const first = result.errors[0];
    if (first) put(errors, 'household.kkNumber', first.message);
    if (result.parsed && options.unknownDistricts?.has(result.parsed.districtCode))
      put(warnings, 'household.kkNumber', identityMessage('kk.unknown_district', options.lang));
  }
  return { errors, warnings, ok: Object.keys(errors).length === 0 };
}

function catalogueText(code: keyof typeof proposalFieldMessages, lang: 'id' | 'en'): string {
  return proposalFieldMessages[code][lang];
}

/** District codes (`PP.KK.CC`) the NIKs and KK number of the form start with. */
export function districtsOf(draft: HouseholdDraft): string[] {
  const numbers = [draft.kkNumber, ...draft.members.map((member) => member.nik)].map((value) => value.trim());
  const codes = numbers
    .filter((value) => /^\d{16}$/.test(value))
    .map((value) => `${value.slice(0, 2)}.${value.slice(2, 4)}.${value.slice(4, 6)}`);
  return [...new Set(codes)];
}
