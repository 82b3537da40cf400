/**
 * Real village codes of Kabupaten Lombok Tengah (52.02) from idn-area-data 4.0.1, per
 * district: `1xxx` kelurahan and `2xxx` desa as ranges. Centroids are approximate.
 */
const LOMBOK_TENGAH: readonly { district: string; ranges: string; lat: number; lon: number }[] = [
  { district: '52.02.01', ranges: '1001-1009,2010-2015', lat: -8.71, lon: 116.28 }, // Praya
  { district: '52.02.02', ranges: '2001-2013', lat: -8.66, lon: 116.21 }, // Jonggat
  { district: '52.02.03', ranges: '2001-2011', lat: -8.62, lon: 116.32 }, // Batukliang
  { district: '52.02.04', ranges: '2001-2018', lat: -8.86, lon: 116.29 }, // Pujut
  { district: '52.02.05', ranges: '2001-2010', lat: -8.83, lon: 116.17 }, // Praya Barat
  { district: '52.02.06', ranges: '2001-2014', lat: -8.79, lon: 116.38 }, // Praya Timur
  { district: '52.02.07', ranges: '2001-2016', lat: -8.69, lon: 116.41 }, // Janapria
  { district: '52.02.08', ranges: '2001-2011', lat: -8.6, lon: 116.22 }, // Pringgarata
  { district: '52.02.09', ranges: '2001-2013', lat: -8.63, lon: 116.36 }, // Kopang
  { district: '52.02.10', ranges: '1001-1003,2004-2013', lat: -8.74, lon: 116.33 }, // Praya Tengah
  { district: '52.02.11', ranges: '2001-2012', lat: -8.8, lon: 116.1 }, // Praya Barat Daya
  { district: '52.02.12', ranges: '2001-2008', lat: -8.52, lon: 116.33 }, // Batukliang Utara
];

function expand(district: string, ranges: string): string[] {
  return ranges.split(',').flatMap((range) => {
    const [from, to] = range.split('-').map(Number) as [number, number];
    return Array.from({ length: to - from + 1 }, (_, index) => `${district}.${from + index}`);
  });
}

/** All 154 village codes of Lombok Tengah, in code order. */
export const LOMBOK_TENGAH_VILLAGES: readonly string[] = LOMBOK_TENGAH.flatMap(({ district, ranges }) =>
  expand(district, ranges),
);

/** Approximate centre of a Lombok Tengah district; undefined elsewhere. */
export function districtCentre(districtCode: string): { lat: number; lon: number } | undefined {
  const found = LOMBOK_TENGAH.find((entry) => entry.district === districtCode);
  return found ? { lat: found.lat, lon: found.lon } : undefined;
}

export const DUSUN_NAMES: readonly string[] = [
  'Lendang Bajur',
  'Karang Bedil',
  'Montong Gamang',
  'Bunut Ngengkang',
  'Peresak',
  'Batu Bolong',
  'Tanak Awu',
  'Embung Puntik',
  'Gubuk Baru',
  'Lingkok Lime',
  'Kebon Daye',
  'Penujak Timur',
  'Selak Aik',
  'Repok Bunut',
  'Dasan Baru',
  'Sengkerang',
  'Pengembur',
  'Ketangga',
  'Mertak',
  'Sade',
  'Rembitan',
  'Lentak',
  'Jurang Jaler',
  'Aik Bukak',
  'Pancor Dao',
  'Tojong',
  'Bagek Nunggal',
  'Presak Daye',
];

export const STREET_NAMES: readonly string[] = [
  'Jl. Pejanggik',
  'Jl. Gajah Mada',
  'Jl. Jenderal Sudirman',
  'Jl. Diponegoro',
  'Jl. Ahmad Yani',
  'Jl. Basuki Rahmat',
  'Jl. Raya Praya–Kopang',
  'Jl. Raya Kuta',
  'Jl. TGH. Badarudin',
  'Jl. Sultan Hasanuddin',
  'Gang Melati',
  'Gang Mawar',
  'Jl. Lingkar Selatan',
  'Jl. Bypass BIL',
  'Jl. Raya Mantang',
  'Jl. Masjid Nurul Huda',
];

export const LOMBOK_BIRTH_PLACES: readonly (readonly [string, number])[] = [
  ['Lombok Tengah', 60],
  ['Praya', 15],
  ['Lombok Timur', 6],
  ['Lombok Barat', 5],
  ['Mataram', 5],
  ['Sumbawa', 2],
  ['Bima', 2],
  ['Denpasar', 1],
  ['Surabaya', 1],
];

export const OTHER_BIRTH_PLACES: readonly (readonly [string, number])[] = [
  ['Jakarta', 4],
  ['Surabaya', 3],
  ['Bandung', 3],
  ['Medan', 3],
  ['Makassar', 2],
  ['Semarang', 2],
  ['Yogyakarta', 2],
  ['Palembang', 2],
  ['Mataram', 1],
];
