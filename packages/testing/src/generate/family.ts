import { addDays, addYears, ageOn, dateBetween, minDate } from './dates.ts';
import { personName } from './person.ts';
import type { Random } from './random.ts';
import { FEMALE_NAMES } from './names.ts';
import type { MaritalStatus, Relationship, Sex } from './types.ts';

/** A member before identity numbers and socio-economic fields are added. */
export interface Sketch {
  relationship: Relationship;
  sex: Sex;
  birthDate: string;
  name: string;
  motherName: string;
  maritalStatus: MaritalStatus;
}

/** Birth date of someone aged between minAge and maxAge (whole years) on `today`. */
function bornAged(random: Random, today: string, minAge: number, maxAge: number): string {
  return dateBetween(random, addDays(addYears(today, -(maxAge + 1)), 1), addYears(today, -minAge));
}

/**
 * Birth dates of a mother's children: the first when she is 18–26, then one every 15 months
 * to 5 years, while she is under 43 and not after `today`.
 */
function childBirths(random: Random, motherBirth: string, today: string, wanted: number): string[] {
  const births: string[] = [];
  const last = minDate(addYears(motherBirth, 43), today);
  let next = addDays(addYears(motherBirth, 18), random.int(0, 8 * 365));
  while (births.length < wanted && next <= last) {
    births.push(next);
    next = addDays(next, random.int(450, 5 * 365));
  }
  return births;
}

/** Who lives in the household: head first, then spouse, children, in-laws, grandchildren, elders, relatives. */
export function sketchFamily(random: Random, today: string, noble: boolean): Sketch[] {
  const femaleHead = random.chance(0.14);
  const headSex: Sex = femaleHead ? 'female' : 'male';
  const headAgeBand = random.weighted([
    [22, 12],
    [30, 25],
    [40, 27],
    [50, 20],
    [60, 11],
    [70, 5],
  ] as const);
  const headBirth = bornAged(random, today, headAgeBand, headAgeBand + 9);
  const headMarital: MaritalStatus = femaleHead
    ? random.weighted<MaritalStatus>([
        ['cerai_mati', 60],
        ['cerai_hidup', 30],
        ['belum_kawin', 10],
      ])
    : random.weighted<MaritalStatus>([
        ['kawin', 88],
        ['cerai_mati', 8],
        ['cerai_hidup', 4],
      ]);
  const head: Sketch = {
    relationship: 'kepala_keluarga',
    sex: headSex,
    birthDate: headBirth,
    name: personName(random, headSex, noble),
    motherName: random.pick(FEMALE_NAMES),
    maritalStatus: headMarital,
  };
  const members: Sketch[] = [head];

  let mother: Sketch | undefined = femaleHead && headMarital !== 'belum_kawin' ? head : undefined;
  if (headMarital === 'kawin') {
    const wife: Sketch = {
      relationship: 'istri_suami',
      sex: 'female',
      birthDate: minDate(dateBetween(random, headBirth, addYears(headBirth, 10)), addYears(today, -18)),
      name: personName(random, 'female', noble && random.chance(0.4)),
      motherName: random.pick(FEMALE_NAMES),
      maritalStatus: 'kawin',
    };
    members.push(wife);
    mother = wife;
  }

  const motherBirth = mother?.birthDate ?? addYears(headBirth, random.int(0, 8));
  const motherName = mother?.name ?? random.pick(FEMALE_NAMES);
  const childCount =
    headMarital === 'belum_kawin'
      ? 0
      : random.weighted([
          [0, 10],
          [1, 18],
          [2, 25],
          [3, 22],
          [4, 13],
          [5, 8],
          [6, 4],
        ] as const);
  let marriedChildStays = false;
  const inLaws: Sketch[] = [];
  for (const birthDate of childBirths(random, motherBirth, today, childCount)) {
    const sex: Sex = random.chance(0.5) ? 'male' : 'female';
    const age = ageOn(birthDate, today);
    // Grown children mostly have households of their own.
    if (age >= 22 && random.chance(0.6)) continue;
    const married = age >= 19 && !marriedChildStays && random.chance(0.3);
    const child: Sketch = {
      relationship: 'anak',
      sex,
      birthDate,
      name: personName(random, sex, noble && headSex === 'male'),
      motherName,
      maritalStatus: married ? 'kawin' : 'belum_kawin',
    };
    members.push(child);
    if (married) {
      marriedChildStays = true;
      const spouseSex: Sex = sex === 'male' ? 'female' : 'male';
      const spouse: Sketch = {
        relationship: 'menantu',
        sex: spouseSex,
        birthDate: dateBetween(random, addYears(birthDate, -4), minDate(addYears(birthDate, 4), addYears(today, -19))),
        name: personName(random, spouseSex, false),
        motherName: random.pick(FEMALE_NAMES),
        maritalStatus: 'kawin',
      };
      inLaws.push(spouse);
      const grandMother = sex === 'female' ? child : spouse;
      for (const grandBirth of childBirths(random, grandMother.birthDate, today, random.int(0, 2))) {
        const grandSex: Sex = random.chance(0.5) ? 'male' : 'female';
        inLaws.push({
          relationship: 'cucu',
          sex: grandSex,
          birthDate: grandBirth,
          name: personName(random, grandSex, false),
          motherName: grandMother.name,
          maritalStatus: 'belum_kawin',
        });
      }
    }
  }
  members.push(...inLaws);

  if (ageOn(headBirth, today) < 55 && random.chance(0.12)) {
    // A widowed mother of the head (orang_tua) or of the wife (mertua) moves in.
    const ofWife = mother !== undefined && mother !== head && random.chance(0.3);
    const child = ofWife && mother ? mother : head;
    members.push({
      relationship: ofWife ? 'mertua' : 'orang_tua',
      sex: 'female',
      birthDate: dateBetween(random, addYears(child.birthDate, -38), addYears(child.birthDate, -19)),
      name: child.motherName,
      motherName: random.pick(FEMALE_NAMES),
      maritalStatus: 'cerai_mati',
    });
  }
  if (random.chance(0.05)) {
    const sex: Sex = random.chance(0.5) ? 'male' : 'female';
    members.push({
      relationship: 'famili_lain',
      sex,
      birthDate: bornAged(random, today, 5, 25),
      name: personName(random, sex, false),
      motherName: random.pick(FEMALE_NAMES),
      maritalStatus: 'belum_kawin',
    });
  }
  return members;
}
