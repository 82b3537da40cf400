import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { fetchProvinces } from '../../api/regions.ts';
import { useT } from '../../i18n/use-t.ts';
import { consoleContext } from '../../session.ts';

/** The citizens' pages (no account), loaded on demand: operators never download them. */
export const PUBLIC_PAGES = ['publicStatus', 'publicComplaint', 'publicTrack'] as const;
export type PublicPageName = (typeof PUBLIC_PAGES)[number];
export const isPublicPage = (name: string | undefined): name is PublicPageName =>
  (PUBLIC_PAGES as readonly string[]).includes(name ?? '');

const loaders: Record<PublicPageName, () => Promise<ComponentType>> = {
  publicStatus: () => import('./status.tsx').then((m) => m.PublicStatusPage),
  publicComplaint: () => import('./complaint.tsx').then((m) => m.PublicComplaintPage),
  publicTrack: () => import('./track.tsx').then((m) => () => <m.PublicTrackPage />),
};
const loaded = new Map<PublicPageName, ComponentType>();

export function PublicPage({ name }: { name: PublicPageName }) {
  const { t } = useT();
  const [, setVersion] = useState(0);
  const [failed, setFailed] = useState(false);
  const Component = loaded.get(name);
  useEffect(() => {
    if (loaded.has(name)) return;
    // The village picker's first list, fetched while the page's code loads (one round trip less).
    if (name !== 'publicTrack') fetchProvinces(consoleContext().api).catch(() => undefined);
    loaders[name]().then(
      (component) => {
        loaded.set(name, component);
        setVersion((v) => v + 1);
      },
      () => setFailed(true),
    );
  }, [name]);
  if (Component) return <Component />;
  if (failed)
    return (
      <p class="banner banner-error" role="alert" data-testid="error-banner">
        {t('error.network')}
      </p>
    );
  return <p aria-busy="true">{t('app.loading')}</p>;
}

/** Links to the citizens' pages (under the login form). */
export function PublicLinks() {
  const { t } = useT();
  return (
    <nav aria-label={t('public.intro')} class="public-links">
      <p>{t('public.intro')}</p>
      <ul>
        <li>
          <a href="/cek">{t('nav.publicStatus')}</a>
        </li>
        <li>
          <a href="/lapor">{t('nav.publicComplaint')}</a>
        </li>
        <li>
          <a href="/lacak">{t('nav.publicTrack')}</a>
        </li>
      </ul>
    </nav>
  );
}
