import { HouseholdData, type Member } from '@siks/contracts';
import type { GeneratedHousehold, GeneratedMember } from '@siks/testing/generate';

/**
 * A household of `@siks/testing/generate` as intake's `POST /v1/intake/proposals` takes it
 * (the generator's value lists predate the contracts'; this maps them). Housing is left out: it
 * is optional at intake and the pipeline does not depend on it.
 */
export function toHouseholdData(generated: GeneratedHousehold): HouseholdData {
  return HouseholdData.parse({
    regionCode: generated.villageCode,
    address: generated.address,
    ...(generated.location ? { location: generated.location } : {}),
    kkNumber: generated.kkNumber,
    members: generated.members.map(toMember),
    programmes: generated.programmes.map((programme) => (programme === 'PBI-JK' ? 'PBI_JK' : programme)),
  });
}

const EDUCATION: Record<GeneratedMember['education'], Member['education']> = {
  belum_sekolah: 'tidak_sekolah',
  tidak_tamat_sd: 'belum_tamat_sd',
  sd: 'sd',
  smp: 'smp',
  sma: 'sma',
  diploma: 'diploma',
  sarjana: 's1',
};

const OCCUPATION: Record<GeneratedMember['occupation'], Member['occupation']> = {
  belum_tidak_bekerja: 'tidak_bekerja',
  pelajar: 'pelajar_mahasiswa',
  mengurus_rumah_tangga: 'mengurus_rumah_tangga',
  petani: 'petani',
  buruh_tani: 'buruh',
  nelayan: 'nelayan',
  peternak: 'petani',
  pedagang: 'pedagang',
  buruh_harian_lepas: 'buruh',
  tukang: 'lainnya',
  sopir_ojek: 'lainnya',
  wiraswasta: 'wiraswasta',
  pekerja_migran: 'lainnya',
  karyawan_swasta: 'karyawan_swasta',
  guru: 'lainnya',
  pns: 'pns_tni_polri',
  pensiunan: 'pensiunan',
};

function toMember(member: GeneratedMember): Member {
  return {
    nik: member.nik,
    name: member.name,
    relationship: member.relationship,
    sex: member.sex,
    birthDate: member.birthDate,
    birthPlace: member.birthPlace,
    maritalStatus: member.maritalStatus,
    education: EDUCATION[member.education],
    occupation: OCCUPATION[member.occupation],
    disability: member.disability,
    motherName: member.motherName,
  };
}
