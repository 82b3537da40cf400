import type { ProposalHistoryEntry } from '../api/types.ts';
import { errorText } from '../components/error-text.ts';
import { FamilyCard } from '../components/family-card.tsx';
import { ErrorBanner } from '../components/fields.tsx';
import { RegionName } from '../components/region-name.tsx';
import { useAsync } from '../components/use-async.ts';
import { eventTitle } from '../i18n/event-titles.ts';
import { reasonText } from '../i18n/reason-codes.ts';
import { useT } from '../i18n/use-t.ts';
import { formatDateTime } from '../lib/format.ts';
import { routePath } from '../lib/router.ts';
import { consoleContext } from '../session.ts';
import type { PageProps } from './types.ts';

/** `GET /v1/registry/households/:id` as the page reads it (personal fields as the caller may see them). */
interface HouseholdView {
  householdId: string;
  regionCode: string;
  status: 'active' | 'inactive';
  deactivation?: { reason: string; date: string };
  kkNumber?: string;
  members: Record<string, unknown>[];
  address?: Record<string, unknown>;
  housing?: Record<string, unknown>;
  programmes: string[];
  splitFrom?: string;
  splits: string[];
  updatedAt: string;
  personalDataForgotten?: true;
}

type HistoryItem = Pick<ProposalHistoryEntry, 'eventId' | 'type' | 'occurredAt' | 'reason'> & {
  proposalId: string;
  actor: { userId: string; role: string };
};

/**
 * `/keluarga/:id`: one registered household — who is in it, where, its status, and every change
 * with the proposal that caused it (a link to that proposal and its own history).
 */
export function HouseholdPage({ params }: PageProps) {
  const tr = useT();
  const { t, label, lang } = tr;
  const { api } = consoleContext();
  const id = params['id'] ?? '';
  const path = `/v1/registry/households/${encodeURIComponent(id)}`;
  const state = useAsync(
    () =>
      Promise.all([
        api.get<HouseholdView>(path),
        api.get<{ items: HistoryItem[] }>(`${path}/history?limit=200`).then((page) => page.items),
      ]),
    [id],
  );
  if (!state.data)
    return state.error ? (
      <ErrorBanner message={errorText(state.error, tr)} />
    ) : (
      <p aria-busy="true">{t('app.loading')}</p>
    );
  const [household, history] = state.data;
  return (
    <section>
      <h1>{t('household.title')}</h1>
      <div class="card">
        <dl class="facts">
          <dt>{t('list.status')}</dt>
          <dd>
            <span
              class={`status ${household.status === 'active' ? 'result-pass' : 'result-warn'}`}
              data-testid="household-status"
              data-status={household.status}
            >
              {label('hh', household.status)}
            </span>
            {household.deactivation
              ? ` · ${label('deact', household.deactivation.reason)} (${household.deactivation.date})`
              : ''}
          </dd>
          <dt>{t('form.region')}</dt>
          <dd>
            <RegionName code={household.regionCode} />
          </dd>
          <dt>{t('form.kk')}</dt>
          <dd>{household.kkNumber ?? '—'}</dd>
          <dt>{t('list.updated')}</dt>
          <dd>{formatDateTime(household.updatedAt, lang)}</dd>
        </dl>
        <p>
          <a href={`${routePath('audit')}?householdId=${encodeURIComponent(household.householdId)}`}>
            {t('detail.history')}
          </a>
        </p>
      </div>
      {household.personalDataForgotten ? <p class="warning">{t('detail.dataForgotten')}</p> : null}
      <FamilyCard content={{ household }} tr={tr} title={t('household.family')} />
      <h2>{t('household.changes')}</h2>
      <ol class="timeline" data-testid="household-history">
        {history.map((entry) => (
          <li key={entry.eventId} data-event-type={entry.type}>
            <strong>{eventTitle(entry.type, lang)}</strong> · {formatDateTime(entry.occurredAt, lang)} ·{' '}
            {label('role', entry.actor.role)}
            {entry.reason ? <p>{reasonText(entry.reason, lang)}</p> : null}
            <p>
              <a href={routePath('proposal', { id: entry.proposalId })} data-testid="history-proposal">
                {t('household.byProposal')}
              </a>
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}
