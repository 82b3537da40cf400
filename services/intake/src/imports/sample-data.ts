import writeExcelFile from 'write-excel-file/node';
import { HOUSEHOLD_COLUMNS, ADMINDUK_COLUMNS } from './layout.ts';

/**
 * Generated BNBA files for tests, the README sample and benchmarks (dev-only: it needs the
 * `write-excel-file` dev dependency). Deterministic for a seed; NIKs follow the Dukcapil rules
 * (district 52.02.01, Praya) and are unique within a file.
 */

export type Row = string[];

/** mulberry32: a small seeded PRNG. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MALE = ['Lalu Ahmad', 'Muhammad Yusuf', 'Lalu Fajar', 'Amaq Saleh', 'Zainal Abidin', 'Hasan Basri'];
const FEMALE = ['Baiq Siti', 'Inaq Rahmah', 'Nurul Aini', 'Baiq Maryam', 'Siti Hajar', 'Rohani'];
const PLACES = ['Praya', 'Mataram', 'Jonggat', 'Pujut'];

interface Person {
  name: string;
  relationship: string;
  sex: 'L' | 'P';
  birthDate: string;
  marital: string;
  education: string;
  occupation: string;
}

/** A header plus member rows of about `rows` rows (whole households), for `musdes`/`rtrw`. */
export function sampleHouseholdRows(options: { rows: number; seed?: number; village?: string }): Row[] {
  const random = seededRandom(options.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const used = new Set<string>();
  const nikFor = (birthDate: string, sex: 'L' | 'P', serial: number): string => {
    const [year = '', month = '', day = ''] = birthDate.split('-');
    const dd = String(Number(day) + (sex === 'P' ? 40 : 0)).padStart(2, '0');
    for (let s = serial; ; s = (s % 9999) + 1) {
      const nik = `520201${dd}${month}${year.slice(2)}${String(s).padStart(4, '0')}`;
      if (!used.has(nik)) {
        used.add(nik);
        return nik;
      }
    }
  };
  const date = (fromYear: number, toYear: number): string => {
    const year = fromYear + Math.floor(random() * (toYear - fromYear + 1));
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  };
  const header = HOUSEHOLD_COLUMNS.map((column) => column.name);
  const rows: Row[] = [header];
  let household = 0;
  let serial = 1;
  while (rows.length - 1 < options.rows) {
    household += 1;
    const headSex: 'L' | 'P' = random() < 0.85 ? 'L' : 'P';
    const people: Person[] = [
      {
        name: pick(headSex === 'L' ? MALE : FEMALE),
        relationship: 'kepala_keluarga',
        sex: headSex,
        birthDate: date(1950, 1995),
        marital: headSex === 'L' ? 'kawin' : 'cerai_mati',
        education: pick(['tidak_sekolah', 'sd', 'smp']),
        occupation: pick(['petani', 'buruh', 'nelayan', 'pedagang']),
      },
    ];
    if (headSex === 'L')
      people.push({
        name: pick(FEMALE),
        relationship: 'istri_suami',
        sex: 'P',
        birthDate: date(1955, 1998),
        marital: 'kawin',
        education: 'sd',
        occupation: 'mengurus_rumah_tangga',
      });
    const children = Math.floor(random() * 4);
    for (let c = 0; c < children; c += 1) {
      const sex: 'L' | 'P' = random() < 0.5 ? 'L' : 'P';
      people.push({
        name: pick(sex === 'L' ? MALE : FEMALE),
        relationship: 'anak',
        sex,
        birthDate: date(2000, 2020),
        marital: 'belum_kawin',
        education: pick(['belum_tamat_sd', 'sd', 'smp']),
        occupation: 'pelajar_mahasiswa',
      });
    }
    const kk = `5202011503${String(10 + (household % 14)).padStart(2, '0')}${String((household % 9999) + 1).padStart(4, '0')}`;
    const values: Record<string, string> = {
      ref_keluarga: `K${String(household).padStart(5, '0')}`,
      id_keluarga: '',
      kode_desa: options.village ?? '52.02.01.2012',
      alamat: `Jl. Raya Montong No. ${household}`,
      rt: String(1 + (household % 12)).padStart(3, '0'),
      rw: String(1 + (household % 4)).padStart(3, '0'),
      dusun: pick(['Montong', 'Terep', 'Lendang']),
      no_kk: kk,
      telepon: '',
      program: pick(['PKH;BPNT', 'BPNT', 'PKH', '']),
      luas_lantai_per_orang: pick(['5', '6,5', '7', '9']),
      jenis_lantai: pick(['tanah', 'semen', 'bambu']),
      jenis_dinding: pick(['bambu', 'tembok_tanpa_plester', 'kayu_murah']),
      jenis_atap: pick(['seng', 'genteng', 'ijuk_rumbia']),
      status_rumah: 'milik_sendiri',
      sumber_air_minum: pick(['sumur_tidak_terlindung', 'mata_air_tidak_terlindung', 'sumur_terlindung']),
      penerangan: pick(['listrik_pln', 'listrik_non_pln']),
      bahan_bakar_memasak: pick(['kayu_bakar', 'minyak_tanah']),
      fasilitas_bab: pick(['bersama', 'umum', 'tidak_ada']),
      makan_per_hari: pick(['1', '2']),
      konsumsi_protein_mingguan: 'tidak',
      beli_pakaian_tahunan: 'tidak',
      mampu_berobat: 'tidak',
      aset_500rb: pick(['ya', 'tidak']),
      pendapatan: pick(['under_600k', '600k_1m']),
    };
    for (const person of people) {
      const member: Record<string, string> = {
        nik: nikFor(person.birthDate, person.sex, serial),
        nama: person.name,
        hubungan: person.relationship,
        jenis_kelamin: person.sex,
        tanggal_lahir: person.birthDate,
        tempat_lahir: pick(PLACES),
        status_kawin: person.marital,
        pendidikan: person.education,
        pekerjaan: person.occupation,
        disabilitas: '',
        nama_ibu: pick(FEMALE),
      };
      serial = (serial % 9999) + 1;
      rows.push(header.map((name) => member[name] ?? values[name] ?? ''));
    }
  }
  return rows;
}

/** An `adminduk` extract: one death, one move and one NIK correction per three rows. */
export function sampleAdmindukRows(options: { rows: number; village?: string }): Row[] {
  const header = ADMINDUK_COLUMNS.map((column) => column.name);
  const rows: Row[] = [header];
  for (let i = 1; i <= options.rows; i += 1) {
    const event = (['meninggal', 'pindah', 'koreksi_nik'] as const)[i % 3] ?? 'meninggal';
    const day = String(1 + (i % 28)).padStart(2, '0');
    const nik = `520201${day}0355${String(i).padStart(4, '0')}`;
    const values: Record<string, string> = {
      peristiwa: event,
      tanggal_peristiwa: `2025-05-${day}`,
      nik,
      nama: MALE[i % MALE.length] ?? 'Lalu Ahmad',
      kode_desa: options.village ?? '52.02.01.2012',
      tanggal_lahir: `1955-03-${day}`,
      jenis_kelamin: 'L',
      no_kk: `5202011503100${String((i % 999) + 1).padStart(3, '0')}`,
      nik_baru: event === 'koreksi_nik' ? `520201${day}0355${String(i + 5000).padStart(4, '0')}` : '',
      kode_desa_tujuan: event === 'pindah' ? '52.02.01.1001' : '',
    };
    rows.push(header.map((name) => values[name] ?? ''));
  }
  return rows;
}

/** RFC 4180 CSV (quotes where needed), CRLF-free. */
export function toCsv(rows: readonly Row[], delimiter = ','): string {
  const quote = (cell: string) => (/[",;\n\r\t]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  return rows.map((row) => row.map(quote).join(delimiter)).join('\n') + '\n';
}

/** An XLSX workbook of the rows; identity columns stay text cells. */
export async function toXlsx(rows: readonly Row[]): Promise<Buffer> {
  return writeExcelFile(rows.map((row) => row.map((cell) => (cell === '' ? null : cell)))).toBuffer();
}
