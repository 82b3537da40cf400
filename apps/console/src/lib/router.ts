import { createStore, type Store } from './store.ts';

/** Client routes of the console (console-contract.md). `:name?` is an optional last segment. */
export const ROUTES = {
  login: '/masuk',
  proposals: '/usulan',
  newProposal: '/usulan/baru',
  proposal: '/usulan/:id',
  households: '/keluarga',
  household: '/keluarga/:id',
  imports: '/impor',
  complaints: '/pengaduan',
  queue: '/verifikasi',
  case: '/verifikasi/:proposalId',
  approvals: '/pengesahan',
  dashboard: '/dasbor/:regionCode?',
  audit: '/audit',
  users: '/pengguna',
  account: '/akun',
  meetings: '/musyawarah',
  meeting: '/musyawarah/:id',
  supervision: '/pengawasan',
  handoffs: '/penetapan',
  handoff: '/penetapan/:id',
  // The citizens' pages: no account (pages/public).
  publicStatus: '/cek',
  publicComplaint: '/lapor',
  publicTrack: '/lacak',
} as const;
export type RouteName = keyof typeof ROUTES;

export interface Match {
  name: RouteName;
  params: Record<string, string>;
}

/** The first route whose pattern matches `path` (static patterns win over parameters). */
export function matchRoute(path: string): Match | undefined {
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const segments = clean.split('/').filter(Boolean);
  const ordered = (Object.entries(ROUTES) as [RouteName, string][]).sort(
    ([, a], [, b]) => Number(a.includes(':')) - Number(b.includes(':')),
  );
  for (const [name, pattern] of ordered) {
    const params = matchPattern(pattern, segments);
    if (params) return { name, params };
  }
  return undefined;
}

function matchPattern(pattern: string, segments: readonly string[]): Record<string, string> | undefined {
  const parts = pattern.split('/').filter(Boolean);
  const required = parts.filter((part) => !part.endsWith('?')).length;
  if (segments.length < required || segments.length > parts.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const segment = segments[index];
    if (part.startsWith(':')) {
      if (segment === undefined) continue;
      params[part.slice(1).replace(/\?$/, '')] = decodeURIComponent(segment);
    } else if (part !== segment) return undefined;
  }
  return params;
}

/** Fills a route pattern: `routePath('proposal', {id})` → `/usulan/<id>`. */
export function routePath(name: RouteName, params: Record<string, string> = {}): string {
  return ROUTES[name]
    .split('/')
    .map((part) => {
      if (!part.startsWith(':')) return part;
      const value = params[part.slice(1).replace(/\?$/, '')];
      return value === undefined ? '' : encodeURIComponent(value);
    })
    .join('/')
    .replace(/\/+$/, '');
}

export interface Location {
  path: string;
  search: string;
}

let current: Store<Location> | undefined;

/** The location store, bound to `window.history` on first use. */
export function locationStore(): Store<Location> {
  if (current) return current;
  const store = createStore<Location>({ path: window.location.pathname, search: window.location.search });
  window.addEventListener('popstate', () =>
    store.set({ path: window.location.pathname, search: window.location.search }),
  );
  current = store;
  return store;
}

/** Goes to a console path (history API); `replace` does not add a history entry. */
export function navigate(to: string, replace = false): void {
  const url = new URL(to, window.location.origin);
  if (replace) window.history.replaceState(null, '', url.pathname + url.search);
  else window.history.pushState(null, '', url.pathname + url.search);
  locationStore().set({ path: url.pathname, search: url.search });
  window.scrollTo(0, 0);
}

/** Click handler for `<a href>` inside the console: client-side navigation for plain left clicks. */
export function onLinkClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
    return;
  const anchor = (event.target as Element | null)?.closest?.('a');
  if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
  const href = anchor.getAttribute('href');
  if (!href || !href.startsWith('/') || href.startsWith('/v1/')) return;
  event.preventDefault();
  navigate(href);
}
