import { cookieValue, createApiClient, type ApiClient, type User } from './api/client.ts';
import { languageStore } from './i18n/i18n.ts';
import { createStore, type Store } from './lib/store.ts';

/** Who is logged in: `undefined` while booting, `null` when nobody is. */
export type SessionState =
  | { status: 'booting' }
  | { status: 'anonymous'; reason?: 'lost' }
  | { status: 'online'; user: User }
  /** Reloaded without a connection: the last user's profile (no token) so the offline form works. */
  | { status: 'offline'; user: User };

const PROFILE_KEY = 'siks.profile';

export interface Console {
  api: ApiClient;
  session: Store<SessionState>;
}

let instance: Console | undefined;

/** The console's one API client and session store (created on first use, in the browser). */
export function consoleContext(): Console {
  if (instance) return instance;
  const session = createStore<SessionState>({ status: 'booting' });
  const api = createApiClient({
    fetch: (input, init) => globalThis.fetch(input, init),
    readCookie: (name) => cookieValue(document.cookie, name),
    language: () => languageStore().get(),
    onSession: (next) => {
      rememberProfile(next.user);
      session.set({ status: 'online', user: next.user });
    },
    onSessionLost: () => session.set({ status: 'anonymous', reason: 'lost' }),
    ...(typeof navigator !== 'undefined' && 'locks' in navigator
      ? { lock: <T>(run: () => Promise<T>) => navigator.locks.request('siks-auth-refresh', run) as Promise<T> }
      : {}),
  });
  instance = { api, session };
  return instance;
}

/** The user's non-secret profile, kept so a reload without a connection can still show the form. */
export function rememberProfile(user: User): void {
  try {
    localStorage.setItem(PROFILE_KEY, JSON.stringify(user));
  } catch {
    // private mode: offline reloads then start at the login page
  }
}

export function rememberedProfile(): User | undefined {
  try {
    const text = localStorage.getItem(PROFILE_KEY);
    if (!text) return undefined;
    const value = JSON.parse(text) as Partial<User>;
    if (typeof value.role !== 'string' || typeof value.regionCode !== 'string') return undefined;
    return {
      id: String(value.id ?? ''),
      username: String(value.username ?? ''),
      name: String(value.name ?? ''),
      role: value.role,
      regionCode: value.regionCode,
    };
  } catch {
    return undefined;
  }
}

export function forgetProfile(): void {
  try {
    localStorage.removeItem(PROFILE_KEY);
  } catch {
    // nothing to forget
  }
}
