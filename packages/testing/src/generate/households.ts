import { addDays, ageOn, dateBetween } from './dates.ts';
import { sketchFamily } from './family.ts';
import { housing, incomeBand } from './housing.ts';
import { buildKk, buildNik, SerialAllocator } from './identity-numbers.ts';
import { disability, education, occupation } from './person.ts';
import {
  districtCentre,
  DUSUN_NAMES,
  LOMBOK_BIRTH_PLACES,
  LOMBOK_TENGAH_VILLAGES,
  OTHER_BIRTH_PLACES,
  STREET_NAMES,
} from './places.ts';
import { hashString, Random } from './random.ts';
import type { GeneratedHousehold, GeneratedMember, GeoPoint, Programme } from './types.ts';

export interface GenerateHouseholdsOptions {
  /** Same seed, same households (and the first n of a larger count are the same n). */
  seed: number | string;
  count: number;
  /**
   * Village codes to spread households over, or a region code (e.g. the regency '52.02')
   * whose villages in the built-in Lombok Tengah list are used. Default: all of Lombok Tengah.
   */
  villages?: readonly string[] | string;
  /** Reference date `YYYY-MM-DD` for ages and issue dates; fixed by default so output never drifts. */
  today?: string;
}

const VILLAGE_CODE = /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/;
export const DEFAULT_TODAY = '2025-06-30';

/** Deterministic, realistic households for tests, demos and benchmarks. No Math.random. */
export function generateHouseholds(options: GenerateHouseholdsOptions): GeneratedHousehold[] {
  const villages = resolveVillages(options.villages);
  const today = options.today ?? DEFAULT_TODAY;
  const districts = [...new Set(villages.map((code) => code.slice(0, 8)))];
  const serials = new SerialAllocator();
  return Array.from({ length: options.count }, (_, index) =>
    generateHousehold(new Random(hashString(`${String(options.seed)}#${index}`)), villages, districts, today, serials),
  );
}

function resolveVillages(villages: GenerateHouseholdsOptions['villages']): readonly string[] {
  if (villages === undefined) return LOMBOK_TENGAH_VILLAGES;
  if (typeof villages === 'string') {
    const within = LOMBOK_TENGAH_VILLAGES.filter((code) => code === villages || code.startsWith(`${villages}.`));
    if (within.length === 0) {
      throw new Error(`generateHouseholds: no built-in villages within ${villages}; pass village codes instead`);
    }
    return within;
  }
  if (villages.length === 0) throw new Error('generateHouseholds: empty village list');
  for (const code of villages) {
    if (!VILLAGE_CODE.test(code)) throw new Error(`generateHouseholds: "${code}" is not a village code PP.KK.CC.DDDD`);
  }
  return villages;
}

function generateHousehold(
  random: Random,
  villages: readonly string[],
  districts: readonly string[],
  today: string,
  serials: SerialAllocator,
): GeneratedHousehold {
  const villageCode = random.pick(villages);
  const districtCode = villageCode.slice(0, 8);
  const inLombok = villageCode.startsWith('52.');
  // Skewed towards the poor: these are registry households.
  const wellbeing = random.next() ** 1.6;
  const sketches = sketchFamily(random, today, inLombok && random.chance(0.12));

  const members: GeneratedMember[] = sketches.map((sketch) => {
    // Most people were first registered where they live now; some married or moved in.
    const nikDistrict = random.chance(0.85) ? districtCode : random.pick(districts);
    return {
      memberId: random.uuid(),
      nik: buildNik(nikDistrict, sketch.birthDate, sketch.sex, serials, random),
      name: sketch.name,
      relationship: sketch.relationship,
      sex: sketch.sex,
      birthDate: sketch.birthDate,
      birthPlace: random.weighted(inLombok ? LOMBOK_BIRTH_PLACES : OTHER_BIRTH_PLACES),
      maritalStatus: sketch.maritalStatus,
      education: education(random, sketch.birthDate, today, wellbeing),
      occupation: occupation(
        random,
        sketch.birthDate,
        today,
        sketch.sex,
        sketch.relationship === 'kepala_keluarga',
        wellbeing,
      ),
      disability: disability(random, sketch.birthDate, today),
      motherName: sketch.motherName,
    };
  });

  const youngest = members.reduce((latest, member) => (member.birthDate > latest ? member.birthDate : latest), '');
  const kkIssued = dateBetween(random, youngest > '2000-01-01' ? youngest : '2000-01-01', today);
  const household: GeneratedHousehold = {
    householdId: random.uuid(),
    kkNumber: buildKk(districtCode, kkIssued, serials, random),
    villageCode,
    address: {
      street: `${random.pick(STREET_NAMES)} No. ${random.int(1, 120)}`,
      rt: String(random.int(1, 12)).padStart(3, '0'),
      rw: String(random.int(1, 6)).padStart(3, '0'),
      dusun: `Dusun ${random.pick(DUSUN_NAMES)}`,
    },
    housing: housing(random, wellbeing, members.length),
    incomeBand: incomeBand(random, wellbeing),
    programmes: programmes(random, wellbeing, members, today),
    members,
  };
  const location = locate(random, villageCode, today);
  if (location) household.location = location;
  return household;
}

/** Near the village's (approximate) place in Lombok Tengah; undefined outside 52.02. */
function locate(random: Random, villageCode: string, today: string): GeoPoint | undefined {
  const centre = districtCentre(villageCode.slice(0, 8));
  if (!centre) return undefined;
  const village = new Random(hashString(villageCode));
  const lat = centre.lat + (village.next() - 0.5) * 0.06 + (random.next() - 0.5) * 0.008;
  const lon = centre.lon + (village.next() - 0.5) * 0.06 + (random.next() - 0.5) * 0.008;
  const capturedDay = addDays(today, -random.int(1, 180));
  const seconds = random.int(7 * 3600, 17 * 3600);
  const time = new Date(Date.parse(`${capturedDay}T00:00:00+08:00`) + seconds * 1000).toISOString();
  return { lat: round6(lat), lon: round6(lon), accuracyM: random.int(3, 25), capturedAt: time };
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

/** PKH needs a component (young child, school child, elder, disability); all three lean on poverty. */
function programmes(
  random: Random,
  wellbeing: number,
  members: readonly GeneratedMember[],
  today: string,
): Programme[] {
  const poor = wellbeing < 0.45;
  const hasComponent = members.some((member) => {
    const age = ageOn(member.birthDate, today);
    return age < 19 || age >= 60 || member.disability !== 'tidak_ada';
  });
  const result: Programme[] = [];
  if (poor && hasComponent && random.chance(0.55)) result.push('PKH');
  if (random.chance(poor ? 0.7 : 0.05)) result.push('BPNT');
  if (random.chance(poor ? 0.85 : 0.1)) result.push('PBI-JK');
  return result;
}
