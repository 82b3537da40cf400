import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useT } from '../i18n/use-t.ts';
import type { RouteName } from '../lib/router.ts';
import type { PageProps } from './types.ts';
import { LoginPage } from './login.tsx';
import { ProposalFormPage } from './proposal-form.tsx';

type Loader = () => Promise<ComponentType<PageProps>>;

/** Pages by route: login and the new-proposal form are in the first bundle, the rest load on demand. */
const loaders: Partial<Record<RouteName, Loader>> = {
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

const loaded = new Map<RouteName, ComponentType<PageProps>>([['newProposal', ProposalFormPage]]);

export { LoginPage };

export function Page({ name, ...props }: PageProps & { name: RouteName }) {
  const { t } = useT();
  const [, setVersion] = useState(0);
  const [failed, setFailed] = useState(false);
  const Component = loaded.get(name);
  useEffect(() => {
    if (loaded.has(name)) return;
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
