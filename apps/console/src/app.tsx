import { useEffect, useRef } from 'preact/hooks';
import { NetworkError } from './api/errors.ts';
import { languageStore } from './i18n/i18n.ts';
import { useT } from './i18n/use-t.ts';
import { locationStore, matchRoute, navigate, onLinkClick, routePath } from './lib/router.ts';
import { useStore } from './lib/use-store.ts';
import { consoleOutbox } from './offline/console-outbox.ts';
import { LoginPage, Page, prefetchOperatorPages } from './pages/lazy.tsx';
import { isPublicPage, PublicLinks, PublicPage } from './pages/public/lazy.tsx';
import { canSee, homeOf, MENU } from './roles.ts';
import { consoleContext, forgetProfile, rememberedProfile } from './session.ts';
import { Outbox } from './components/outbox.tsx';

/** Asks the gateway for a token from the refresh cookie; offline, falls back to the remembered profile. */
async function boot(): Promise<void> {
  const { api, session } = consoleContext();
  if (!document.cookie.includes('siks_csrf=')) {
    // No session cookie: nothing to refresh (saves a round trip on a slow line before the login page).
    const profile = rememberedProfile();
    session.set(!navigator.onLine && profile ? { status: 'offline', user: profile } : { status: 'anonymous' });
    return;
  }
  try {
    await api.refresh();
  } catch (error) {
    const profile = rememberedProfile();
    if (error instanceof NetworkError && profile) session.set({ status: 'offline', user: profile });
    else session.set({ status: 'anonymous' });
  }
}

export function App() {
  const { api, session } = consoleContext();
  const state = useStore(session);
  const location = useStore(locationStore());
  const { t, lang } = useT();
  const main = useRef<HTMLElement>(null);
  const match = matchRoute(location.path);
  const user = state.status === 'online' || state.status === 'offline' ? state.user : undefined;
  const runtime = consoleOutbox();
  const online = useStore(runtime.online);

  useEffect(() => {
    if (!isPublicPage(match?.name)) prefetchOperatorPages();
    void boot();
    const retry = (): void => {
      if (session.get().status === 'offline') void boot();
      runtime.flushSoon();
    };
    window.addEventListener('online', retry);
    return () => window.removeEventListener('online', retry);
  }, []);

  // Another user (or nobody) now: list only their items, and send them if online.
  useEffect(() => {
    runtime.refresh();
  }, [state.status, user?.id]);

  // Redirects: nobody logged in → login; logged in at / or /masuk → the role's first page.
  useEffect(() => {
    if (state.status === 'booting' || isPublicPage(match?.name)) return;
    if (state.status === 'anonymous') {
      if (match?.name !== 'login') {
        const next = location.path === '/' ? '' : `?next=${encodeURIComponent(location.path + location.search)}`;
        navigate(`${routePath('login')}${next}`, true);
      }
      return;
    }
    if (!match || match.name === 'login' || location.path === '/') {
      if (location.path === '/' || match?.name === 'login') {
        const next = new URLSearchParams(location.search).get('next');
        navigate(
          next && next.startsWith('/') && !next.startsWith('//') ? next : routePath(homeOf(state.user.role)),
          true,
        );
      }
    }
  }, [state.status, location.path]);

  // Move focus to the page on navigation (screen readers hear the new page).
  useEffect(() => {
    main.current?.focus();
  }, [location.path]);

  const logout = async (): Promise<void> => {
    if (runtime.items.get().length > 0 && !window.confirm(t('outbox.lockedLogout'))) return;
    try {
      await api.logout();
    } catch {
      // No answer (offline): the token is gone from memory; the refresh cookie stays until it
      // expires, so drop the CSRF cookie it needs, or the next start would sign this user in again.
      document.cookie = 'siks_csrf=; Max-Age=0; path=/';
    }
    forgetProfile();
    session.set({ status: 'anonymous' });
    navigate(routePath('login'), true);
  };

  const body = (() => {
    // The citizens' pages need no account and wait for no session.
    if (match && isPublicPage(match.name)) return <PublicPage key={match.name} name={match.name} />;
    if (state.status === 'booting') return <p aria-busy="true">{t('app.loading')}</p>;
    if (!user || match?.name === 'login')
      return (
        <>
          <LoginPage />
          <PublicLinks />
        </>
      );
    if (!match) return <p>{t('app.notFound')}</p>;
    if (!canSee(user.role, match.name)) return <p>{t('app.forbidden')}</p>;
    return (
      <Page
        key={location.path}
        name={match.name}
        params={match.params}
        search={new URLSearchParams(location.search)}
        user={user}
        online={state.status === 'online'}
      />
    );
  })();

  return (
    <div class="shell" onClick={onLinkClick}>
      <a class="skip" href="#main">
        {t('app.skip')}
      </a>
      <header class="topbar">
        <a class="brand" href="/">
          {t('app.short')}
        </a>
        {user ? (
          <nav aria-label={t('nav.main')} class="menu">
            <ul>
              {(MENU[user.role] ?? []).map((name) => (
                <li key={name}>
                  <a
                    href={routePath(name, name === 'dashboard' ? { regionCode: user.regionCode } : {})}
                    aria-current={match?.name === name ? 'page' : undefined}
                  >
                    {t(`nav.${name}` as 'nav.proposals')}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <div class="tools">
          {user?.role === 'operator_desa' ? <Outbox runtime={runtime} /> : null}
          <button
            type="button"
            class="btn btn-link"
            data-testid="lang-switch"
            lang={lang === 'id' ? 'en' : 'id'}
            aria-label={t('nav.langLabel')}
            onClick={() => languageStore().set(lang === 'id' ? 'en' : 'id')}
          >
            {t('nav.lang')}
          </button>
          {user ? (
            <a class="btn btn-link" href={routePath('account')} data-testid="account-link">
              {t('nav.account')}
            </a>
          ) : null}
          {user ? (
            <button type="button" class="btn btn-link" data-testid="logout" onClick={() => void logout()}>
              {t('nav.logout')}
            </button>
          ) : null}
        </div>
        {user ? (
          <p class="whoami">
            {user.name} · {t(`role.${user.role}` as 'role.auditor')} · {user.regionCode || t('dash.national')}
          </p>
        ) : null}
      </header>
      {state.status === 'offline' || !online ? (
        <p class="banner banner-warn" role="status">
          {t('app.offline')}
        </p>
      ) : null}
      <main id="main" tabIndex={-1} ref={main}>
        {body}
      </main>
    </div>
  );
}
