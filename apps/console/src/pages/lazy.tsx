import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useT } from '../i18n/use-t.ts';
import type { RouteName } from '../lib/router.ts';
import type { PageProps } from './types.ts';
import { LoginPage } from './login.tsx';

type Loader = () => Promise<ComponentType<PageProps>>;

/**
 * Pages by route: login is in the first bundle, the rest load on demand. The new-proposal form
 * (with zod and the form model, a third of the console's code) is fetched as soon as the console
 * starts on an operator's page (`prefetchOperatorPages`), while the login page shows, so the
 * citizens' pages (which never need it) do not wait for it on a slow line.
 */
const loaders: Partial<Record<RouteName, Loader>> = {
  newProposal: () => import('./proposal-form.tsx').then((m) => m.ProposalFormPage),
  proposals: () => import('./proposal-list.tsx').then((m) => m.ProposalListPage),
  proposal: () => import('./proposal-detail.tsx').then((m) => m.ProposalDetailPage),
  households: () => import('./households.tsx').then((m) => m.HouseholdsPage),
  household: () => import('./household.tsx').then((m) => m.HouseholdPage),
  imports: () => import('./imports.tsx').then((m) => m.ImportPage),
  complaints: () => import('./complaints.tsx').then((m) => m.ComplaintsPage),
  queue: () => import('./queue.tsx').then((m) => m.QueuePage),
  case: () => import('./case.tsx').then((m) => m.CasePage),
  approvals: () => import('./approvals.tsx').then((m) => m.ApprovalsPage),
  dashboard: () => import('./dashboard.tsx').then((m) => m.DashboardPage),
  audit: () => import('./audit.tsx').then((m) => m.AuditPage),
  users: () => import('./users.tsx').then((m) => m.UsersPage),
  account: () => import('./account.tsx').then((m) => m.AccountPage),
  meetings: () => import('./meetings.tsx').then((m) => m.MeetingsPage),
  meeting: () => import('./meeting.tsx').then((m) => m.MeetingPage),
  supervision: () => import('./supervision.tsx').then((m) => m.SupervisionPage),
  handoffs: () => import('./handoff-list.tsx').then((m) => m.HandoffListPage),
  handoff: () => import('./handoff-detail.tsx').then((m) => m.HandoffPage),
};

const loaded = new Map<RouteName, ComponentType<PageProps>>();

export { LoginPage };

/** Starts loading the operator's first page (the new-proposal form) in the background. */
export function prefetchOperatorPages(): void {
  if (loaded.has('newProposal')) return;
  loaders.newProposal?.().then(
    (component) => loaded.set('newProposal', component),
    () => undefined, // the page's own load retries and reports it
  );
}

export function Page({ name, ...props }: PageProps & { name: RouteName }) {
  const { t } = useT();
  const [, setVersion] = useState(0);
  const [failed, setFailed] = useState(false);
  const Component = loaded.get(name);
  useEffect(() => {
    // The prefetch may have finished between this render and this effect: render again, or the
    // page would stay on "loading" for good (seen as a flake in the browser tests).
    if (loaded.has(name)) {
      if (!Component) setVersion((v) => v + 1);
      return;
    }
    const load = loaders[name];
    if (!load) return;
    setFailed(false);
    load().then(
      (component) => {
        loaded.set(name, component);
        setVersion((v) => v + 1);
      },
      () => setFailed(true),
    );
  }, [name]);
  if (Component) return <Component {...props} />;
  if (failed)
    return (
      <p class="banner banner-error" role="alert" data-testid="error-banner">
        {t('error.network')}
      </p>
    );
  return <p aria-busy="true">{t('app.loading')}</p>;
}
