import { ageOn } from './dates.ts';
import { FAMILY_NAMES, FEMALE_NAMES, MALE_NAMES, NOBLE_TITLE } from './names.ts';
import type { Random } from './random.ts';
import type { Disability, Education, Occupation, Sex } from './types.ts';

/** Picks from options ordered poorest → best-off, leaning on `wellbeing` (0 poor … 1 well-off). */
export function byWellbeing<T>(random: Random, wellbeing: number, options: readonly T[]): T {
  const position = wellbeing * 0.75 + random.next() * 0.35 - 0.05;
  const index = Math.min(options.length - 1, Math.max(0, Math.floor(position * options.length)));
  return options[index] as T;
}

export function personName(random: Random, sex: Sex, noble: boolean): string {
  const given = random.pick(sex === 'male' ? MALE_NAMES : FEMALE_NAMES);
  const parts = noble ? [NOBLE_TITLE[sex], given] : [given];
  if (!given.includes(' ') && random.chance(0.25)) parts.push(random.pick(FAMILY_NAMES));
  return parts.join(' ');
}

export function education(random: Random, birthDate: string, today: string, wellbeing: number): Education {
  const age = ageOn(birthDate, today);
  if (age < 7) return 'belum_sekolah';
  if (age < 13) return random.chance(0.1) ? 'belum_sekolah' : 'tidak_tamat_sd';
  if (age < 16) return 'sd';
  if (age < 19) return random.chance(0.2) ? 'sd' : 'smp';
  const levels: readonly Education[] = ['tidak_tamat_sd', 'sd', 'smp', 'sma', 'diploma', 'sarjana'];
  // Older people went to school less.
  return byWellbeing(random, age > 55 ? wellbeing * 0.5 : wellbeing, levels);
}

export function occupation(
  random: Random,
  birthDate: string,
  today: string,
  sex: Sex,
  isHead: boolean,
  wellbeing: number,
): Occupation {
  const age = ageOn(birthDate, today);
  if (age < 6) return 'belum_tidak_bekerja';
  if (age < 18) return random.chance(0.9) ? 'pelajar' : 'buruh_tani';
  if (age >= 65) return random.chance(0.5) ? 'belum_tidak_bekerja' : random.chance(0.1) ? 'pensiunan' : 'petani';
  if (sex === 'female' && !isHead && random.chance(0.55)) return 'mengurus_rumah_tangga';
  if (age < 24 && random.chance(0.3)) return random.chance(0.6) ? 'pelajar' : 'belum_tidak_bekerja';
  const work: readonly Occupation[] = [
    'buruh_tani',
    'buruh_harian_lepas',
    'nelayan',
    'peternak',
    'petani',
    'tukang',
    'sopir_ojek',
    'pekerja_migran',
    'pedagang',
    'wiraswasta',
    'karyawan_swasta',
    'guru',
    'pns',
  ];
  return byWellbeing(random, wellbeing, work);
}

export function disability(random: Random, birthDate: string, today: string): Disability {
  const rate = ageOn(birthDate, today) >= 60 ? 0.1 : 0.025;
  if (!random.chance(rate)) return 'tidak_ada';
  return random.weighted<Disability>([
    ['fisik', 45],
    ['sensorik', 30],
    ['intelektual', 10],
    ['mental', 10],
    ['ganda', 5],
  ]);
}
