import type { Regions } from '@siks/wilayah';

/** Where a meeting is held, as its forms name it (names from the official region list). */
export interface VillagePlace {
  /** `Desa` or `Kelurahan` (a village code's fourth part starts with 2 for a desa, 1 for a kelurahan). */
  kind: 'Desa' | 'Kelurahan';
  code?: string;
  village?: string;
  district?: string;
  regency?: string;
  province?: string;
}

/** The place of a village code; `undefined` parts are left as lines to fill in by hand. */
export function villagePlace(
  regions: Regions,
  code: string | undefined,
  meetingKind?: 'musdes' | 'muskel',
): VillagePlace {
  const parts = code?.split('.') ?? [];
  const kind =
    meetingKind === 'muskel' || (meetingKind === undefined && parts[3]?.startsWith('1')) ? 'Kelurahan' : 'Desa';
  if (code === undefined || parts.length !== 4) return { kind };
  const name = (value: string): string | undefined => regions.get(value)?.name;
  const place: VillagePlace = { kind, code };
  const village = name(code);
  const district = name(parts.slice(0, 3).join('.'));
  const regency = name(parts.slice(0, 2).join('.'));
  const province = name(parts[0]!);
  return {
    ...place,
    ...(village !== undefined ? { village } : {}),
    ...(district !== undefined ? { district } : {}),
    ...(regency !== undefined ? { regency } : {}),
    ...(province !== undefined ? { province } : {}),
  };
}

/** The village's head: `Kepala Desa Montong Terep`, `Lurah Gambir` (a lurah is a civil servant, with a NIP). */
export const headOfVillage = (place: VillagePlace): string =>
  `${place.kind === 'Kelurahan' ? 'Lurah' : 'Kepala Desa'} ${place.village ?? '....................'}`;

/** The meeting's name: `MUSYAWARAH DESA`, `MUSYAWARAH KELURAHAN`. */
export const meetingTitle = (place: VillagePlace): string => `MUSYAWARAH ${place.kind.toUpperCase()}`;
