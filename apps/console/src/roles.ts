import type { RouteName } from './lib/router.ts';

/** Which pages each role sees (the services enforce it anyway: this only shapes the menu). */
export const ROLE_PAGES: Readonly<Record<string, readonly RouteName[]>> = {
  operator_desa: [
    'proposals',
    'newProposal',
    'proposal',
    'households',
    'household',
    'imports',
    'complaints',
    'dashboard',
    'audit',
    'meetings',
    'meeting',
  ],
  verifikator_kabkota: [
    'queue',
    'case',
    'proposal',
    'proposals',
    'households',
    'household',
    'dashboard',
    'audit',
    'meeting',
    'supervision',
    'complaints',
  ],
  admin_kabkota: [
    'approvals',
    'queue',
    'case',
    'complaints',
    'proposal',
    'proposals',
    'households',
    'household',
    'dashboard',
    'audit',
    'users',
    'meeting',
    'supervision',
    'handoffs',
    'handoff',
  ],
  admin_provinsi: [
    'dashboard',
    'proposals',
    'proposal',
    'households',
    'household',
    'queue',
    'case',
    'audit',
    'meeting',
    'supervision',
    'handoffs',
    'handoff',
  ],
  pusdatin: [
    'dashboard',
    'proposals',
    'proposal',
    'households',
    'household',
    'queue',
    'case',
    'audit',
    'users',
    'meeting',
    'supervision',
    'handoffs',
    'handoff',
  ],
  auditor: [
    'audit',
    'dashboard',
    'proposals',
    'proposal',
    'households',
    'household',
    'queue',
    'case',
    'meeting',
    'supervision',
    'handoffs',
    'handoff',
  ],
};

/** Menu entries (in order) per role. */
export const MENU: Readonly<Record<string, readonly RouteName[]>> = {
  operator_desa: ['proposals', 'newProposal', 'households', 'meetings', 'imports', 'complaints', 'dashboard', 'audit'],
  verifikator_kabkota: ['queue', 'proposals', 'households', 'complaints', 'dashboard', 'supervision', 'audit'],
  admin_kabkota: [
    'approvals',
    'queue',
    'households',
    'complaints',
    'dashboard',
    'supervision',
    'handoffs',
    'audit',
    'users',
  ],
  admin_provinsi: ['dashboard', 'handoffs', 'proposals', 'households', 'queue', 'supervision', 'audit'],
  pusdatin: ['dashboard', 'handoffs', 'proposals', 'households', 'queue', 'supervision', 'audit', 'users'],
  auditor: ['audit', 'dashboard', 'proposals', 'households', 'queue', 'supervision'],
};

export function canSee(role: string, page: RouteName): boolean {
  // Everyone signed in may change their own password.
  return page === 'login' || page === 'account' || (ROLE_PAGES[role] ?? []).includes(page);
}

/** The first page after logging in. */
export function homeOf(role: string): RouteName {
  return MENU[role]?.[0] ?? 'dashboard';
}
