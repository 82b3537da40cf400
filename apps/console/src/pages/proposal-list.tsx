import { useState } from 'preact/hooks';
import type { DocumentView, ProposalListItem } from '../api/types.ts';
import { SelectField } from '../components/fields.tsx';
import { RegionName } from '../components/region-name.tsx';
import { StatusBadge } from '../components/status.tsx';
import { useAsync } from '../components/use-async.ts';
import { PagedTable } from '../components/paged-table.tsx';
import { usePagedList } from '../components/use-paged-list.tsx';
import { useT } from '../i18n/use-t.ts';
import { formatDateTime } from '../lib/format.ts';
import { routePath } from '../lib/router.ts';
import { evidenceCompleteness, ProposalStatus } from '../proposals/contracts.ts';
import { consoleContext } from '../session.ts';
import type { PageProps } from './types.ts';
import { OriginMark } from '../components/proposal-origin.tsx';

/** `/usulan`: the proposals in the caller's scope, newest first, with what is missing. */
export function ProposalListPage({ user, search }: PageProps) {
  const { t, label, lang } = useT();
  const [status, setStatus] = useState(search.get('status') ?? '');
  const list = usePagedList<ProposalListItem>('/v1/intake/proposals', { limit: '50', status }, [status]);
  const { items } = list;
  return (
    <section>
      <h1>{t('list.title')}</h1>
      {user.role === 'operator_desa' ? (
        <p>
          <a class="btn btn-primary" href={routePath('newProposal')}>
            {t('list.new')}
          </a>
        </p>
      ) : null}
      <div class="no-print">
        <SelectField
          id="list-status"
          label={t('list.filterStatus')}
          value={status}
          options={ProposalStatus.options.map((value) => ({ value, label: label('status', value) }))}
          onChange={setStatus}
          placeholder={t('list.all')}
        />
      </div>
      <PagedTable
        list={list}
        columns={[
          { label: t('list.headName') },
          { label: t('list.village') },
          { label: t('list.status') },
          { label: t('list.members'), num: true },
          { label: t('list.updated') },
          { label: t('list.missing') },
        ]}
      >
        {items.map((item) => (
          <tr key={item.proposalId} data-proposal-id={item.proposalId}>
            <td data-label={t('list.headName')}>
              <a href={routePath('proposal', { id: item.proposalId })} data-testid="proposal-link">
                <strong>{item.headName ?? t('list.noName')}</strong>
              </a>
              <div class="hint">
                {item.headNik ? `${item.headNik} · ` : ''}
                {label('type', item.proposalType)} · {label('channel', item.channel)} · {item.proposalId.slice(0, 8)}{' '}
                <OriginMark item={item} />
              </div>
            </td>
            <td data-label={t('list.village')}>
              <RegionName code={item.regionCode} />
            </td>
            <td data-label={t('list.status')}>
              <StatusBadge status={item.status} testId="proposal-status" />
              {item.deferredUntil ? <div class="hint">{t('list.deferred', { date: item.deferredUntil })}</div> : null}
            </td>
            <td data-label={t('list.members')} class="num">
              {item.memberCount ?? '—'}
            </td>
            <td data-label={t('list.updated')}>{formatDateTime(item.updatedAt, lang)}</td>
            <td data-label={t('list.missing')}>
              <Missing item={item} />
            </td>
          </tr>
        ))}
      </PagedTable>
    </section>
  );
}

/** What a proposal still lacks: a correction (returned) or evidence (new household, not yet decided). */
function Missing({ item }: { item: ProposalListItem }) {
  const { t, label } = useT();
  const { api } = consoleContext();
  const needsEvidence =
    item.proposalType === 'new_household' && ['draft', 'submitted', 'returned', 'corrected'].includes(item.status);
  const documents = useAsync(
    () =>
      needsEvidence
        ? api.get<{ items: DocumentView[] }>(`/v1/documents?proposalId=${encodeURIComponent(item.proposalId)}`)
        : Promise.resolve({ items: [] }),
    [item.proposalId, needsEvidence],
  );
  const parts: string[] = [];
  if (item.status === 'returned') parts.push(t('list.returnedHint'));
  if (needsEvidence && documents.data) {
    const result = evidenceCompleteness(
      item.proposalType,
      documents.data.items.map((d) => ({ kind: d.kind as 'foto_rumah', geotagged: d.geotag !== undefined })),
    );
    parts.push(...result.missing.map((code) => label('missing', code)));
  }
  return <span>{parts.length > 0 ? parts.join('; ') : '—'}</span>;
}
