import { useState } from 'preact/hooks';
import type { CaseListItem } from '../api/types.ts';
import { SelectField } from '../components/fields.tsx';
import { RegionName } from '../components/region-name.tsx';
import { StatusBadge } from '../components/status.tsx';
import { PagedTable } from '../components/paged-table.tsx';
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
  const { t, label, lang } = useT();
  const [status, setStatus] = useState(search.get('status') ?? 'checks_done');
  const list = usePagedList<CaseListItem>('/v1/verification/cases', { limit: '100', status }, [status]);
  const { items } = list;
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
      <PagedTable
        list={list}
        columns={[
          { label: t('list.headName') },
          { label: t('queue.region') },
          { label: t('list.status') },
          { label: t('queue.checks') },
          { label: t('queue.opened') },
        ]}
      >
        {items.map((item) => (
          <tr key={item.proposalId} data-testid="case-row" data-proposal-id={item.proposalId}>
            <td data-label={t('list.headName')}>
              <a href={routePath('case', { proposalId: item.proposalId })}>
                <strong>{item.headName ?? t('list.noName')}</strong>
              </a>
              <div class="hint">
                {label('type', item.proposalType)} · {item.proposalId.slice(0, 8)}
              </div>
            </td>
            <td data-label={t('queue.region')}>
              <RegionName code={item.regionCode} />
            </td>
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
      </PagedTable>
    </section>
  );
}
