import type { UserRole } from '@siks/service-kit';

/**
 * How much personal data a role sees of households in its scope (DESIGN.md §6): `full` for
 * the people who work with the data, `masked` (NIK and KK masked, name only) for auditors, who
 * read histories and change nothing. Lists are masked for everyone.
 */
export type AccessLevel = 'full' | 'masked';

export function accessLevel(role: UserRole): AccessLevel {
  switch (role) {
    case 'operator_desa':
    case 'verifikator_kabkota':
    case 'admin_kabkota':
    case 'admin_provinsi':
    case 'pusdatin':
      return 'full';
    case 'auditor':
      return 'masked';
    default: {
      const unreachable: never = role;
      throw new Error(`accessLevel: unknown role ${String(unreachable)}`);
    }
  }
}
