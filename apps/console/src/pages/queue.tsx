import { useState } from 'preact/hooks';
import type { CaseListItem } from '../api/types.ts';
import { errorText } from '../components/error-text.ts';
import { ErrorBanner, SelectField } from '../components/fields.tsx';
import { StatusBadge } from '../components/status.tsx';
import { usePagedList } from '../components/use-paged-list.tsx';
import { useT } from '../i18n/use-t.ts';
import { formatDateTime } from '../lib/format.ts';
import { routePath } from '../lib/router.ts';
import type { PageProps } from './types.ts';

const CASE_STATUSES = [
  'open',
  'checks_done',
  'field_validation',
  'verified',
  'returned',
  'rejected',
  'approved',
  'withdrawn',
];

/** `/verifikasi`: the work queue of verification cases with the automated checks' counts. */
export function QueuePage({ search }: PageProps) {
  const tr = useT();
  const { t, label, lang } = tr;
  const [status, setStatus] = useState(search.get('status') ?? 'checks_done');
  const {
    items,
    first: state,
    More,
  } = usePagedList<CaseListItem>('/v1/verification/cases', { limit: '100', status }, [status]);
  return (
    <section>
      <h1>{t('queue.title')}</h1>
      <SelectField
        id="queue-status"
        label={t('list.filterStatus')}
        value={status}
        options={CASE_STATUSES.map((value) => ({ value, label: label('status', value) }))}
        onChange={setStatus}
        placeholder={t('list.all')}
      />
      <ErrorBanner message={state.error ? errorText(state.error, tr) : undefined} />
      {state.loading && !state.data ? <p aria-busy="true">{t('app.loading')}</p> : null}
      {state.data && items.length === 0 ? <p>{t('app.none')}</p> : null}
      {items.length > 0 ? (
        <div class="table-wrap">
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">{t('list.type')}</th>
                <th scope="col">{t('queue.region')}</th>
                <th scope="col">{t('list.status')}</th>
                <th scope="col">{t('queue.checks')}</th>
                <th scope="col">{t('queue.opened')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.proposalId} data-testid="case-row" data-proposal-id={item.proposalId}>
                  <td data-label={t('list.type')}>
                    <a href={routePath('case', { proposalId: item.proposalId })}>
                      {label('type', item.proposalType)} {item.proposalId.slice(0, 8)}
                    </a>
                  </td>
                  <td data-label={t('queue.region')}>{item.regionCode}</td>
                  <td data-label={t('list.status')}>
                    <StatusBadge status={item.status} />
                  </td>
                  <td data-label={t('queue.checks')}>
                    {item.failCount > 0 ? (
                      <span class="status result-fail">{t('queue.fails', { count: item.failCount })}</span>
                    ) : null}{' '}
                    {item.warnCount > 0 ? (
                      <span class="status result-warn">{t('queue.warns', { count: item.warnCount })}</span>
                    ) : null}
                    {item.failCount === 0 && item.warnCount === 0 && item.round > 0 ? (
                      <span class="status result-pass">{t('result.pass')}</span>
                    ) : null}
                  </td>
                  <td data-label={t('queue.opened')}>{formatDateTime(item.openedAt, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <More />
    </section>
  );
}
