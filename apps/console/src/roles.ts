import type { RouteName } from './lib/router.ts';

/** Which pages each role sees (the services enforce it anyway: this only shapes the menu). */
export const ROLE_PAGES: Readonly<Record<string, readonly RouteName[]>> = {
  operator_desa: ['proposals', 'newProposal', 'proposal', 'households', 'imports', 'complaints', 'dashboard', 'audit'],
  verifikator_kabkota: ['queue', 'case', 'proposal', 'proposals', 'households', 'dashboard', 'audit'],
  admin_kabkota: ['approvals', 'queue', 'case', 'proposal', 'proposals', 'households', 'dashboard', 'audit', 'users'],
  admin_provinsi: ['dashboard', 'proposals', 'proposal', 'queue', 'case', 'audit'],
  pusdatin: ['dashboard', 'proposals', 'proposal', 'queue', 'case', 'audit', 'users'],
  auditor: ['audit', 'dashboard', 'proposals', 'proposal', 'households', 'queue', 'case'],
};

/** Menu entries (in order) per role. */
export const MENU: Readonly<Record<string, readonly RouteName[]>> = {
  operator_desa: ['proposals', 'newProposal', 'households', 'imports', 'complaints', 'dashboard', 'audit'],
  verifikator_kabkota: ['queue', 'proposals', 'dashboard', 'audit'],
  admin_kabkota: ['approvals', 'queue', 'dashboard', 'audit', 'users'],
  admin_provinsi: ['dashboard', 'proposals', 'queue', 'audit'],
  pusdatin: ['dashboard', 'proposals', 'queue', 'audit', 'users'],
  auditor: ['audit', 'dashboard', 'proposals', 'queue'],
};

export function canSee(role: string, page: RouteName): boolean {
  return page === 'login' || (ROLE_PAGES[role] ?? []).includes(page);
}

/** The first page after logging in. */
export function homeOf(role: string): RouteName {
  return MENU[role]?.[0] ?? 'dashboard';
}
