import type { Page } from '../api/types.ts';
import { RegionName } from '../components/region-name.tsx';
import { errorText } from '../components/error-text.ts';
import { ErrorBanner } from '../components/fields.tsx';
import { useAsync } from '../components/use-async.ts';
import { useT } from '../i18n/use-t.ts';
import { formatDateTime } from '../lib/format.ts';
import { routePath } from '../lib/router.ts';
import { consoleContext } from '../session.ts';
import type { PageProps } from './types.ts';
import { ComplaintActions } from '../components/complaint-actions.tsx';

interface Complaint {
  complaintId: string;
  regionCode: string;
  category: string;
  status: string;
  stage: string;
  receivedAt: string;
  description?: string;
  subjectName?: string;
  subjectNik?: string;
  proposalId?: string;
  proposedHousehold?: boolean;
  erased?: true;
}

/** `/pengaduan`: citizens' complaints in the village (leads an operator confirms). */
export function ComplaintsPage({ user }: PageProps) {
  const tr = useT();
  const { t, label, lang } = tr;
  const { api } = consoleContext();
  const state = useAsync(() => api.get<Page<Complaint>>('/v1/intake/complaints?limit=100'), []);
  return (
    <section>
      <h1>{t('complaints.title')}</h1>
      <ErrorBanner message={state.error ? errorText(state.error, tr) : undefined} />
      {state.loading && !state.data ? <p aria-busy="true">{t('app.loading')}</p> : null}
      {state.data && state.data.items.length === 0 ? <p>{t('app.none')}</p> : null}
      <ul class="timeline">
        {(state.data?.items ?? []).map((complaint) => (
          <li key={complaint.complaintId} data-testid="complaint-lead" data-stage={complaint.stage}>
            <p>
              <strong>{label('category', complaint.category)}</strong> · {t('complaints.received')}{' '}
              {formatDateTime(complaint.receivedAt, lang)} · <RegionName code={complaint.regionCode} /> ·{' '}
              {t('complaints.stage')}: {label('cstage', complaint.stage)}
            </p>
            <p>{complaint.erased ? <em>{t('complaints.erased')}</em> : complaint.description}</p>
            {complaint.subjectName || complaint.subjectNik ? (
              <p>{[complaint.subjectName, complaint.subjectNik].filter(Boolean).join(' · ')}</p>
            ) : null}
            {complaint.proposalId ? (
              <p>
                <a href={routePath('proposal', { id: complaint.proposalId })}>{complaint.proposalId.slice(0, 8)}</a>
              </p>
            ) : null}
            <ComplaintActions lead={complaint} role={user.role} onDone={state.reload} />
            {complaint.category === 'missing_household' && !complaint.proposedHousehold ? (
              <a href={routePath('newProposal')}>{t('complaints.followUp')}</a>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
