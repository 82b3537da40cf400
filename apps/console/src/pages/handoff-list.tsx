import { useState } from 'preact/hooks';
import { errorText } from '../components/error-text.ts';
import { ErrorBanner, SelectField } from '../components/fields.tsx';
import { RegionName } from '../components/region-name.tsx';
import { useAsync } from '../components/use-async.ts';
import { useT } from '../i18n/use-t.ts';
import type { MessageKey } from '../i18n/i18n.ts';
import { formatDateTime, formatMonth } from '../lib/format.ts';
import { routePath } from '../lib/router.ts';
import { consoleContext } from '../session.ts';
import type { PageProps } from './types.ts';

export const STAGES = ['fixed', 'submitted', 'forwarded', 'returned'] as const;
export type Stage = (typeof STAGES)[number];

export const stageKey = (stage: string): MessageKey => `handoff.stage.${stage as Stage}`;

interface CutoffItem {
  cutoffId: string;
  regencyCode: string;
  period: string;
  fixedAt: string;
  stage?: Stage;
}

/**
 * `/penetapan`: the cut-offs of the regencies in scope, newest period first, with where each
 * stands above the regency (the province's inbox: stage "submitted"). Each opens its hand-off.
 */
export function HandoffListPage({ search }: PageProps) {
  const tr = useT();
  const { t, lang } = tr;
  const { api } = consoleContext();
  const [stage, setStage] = useState(search.get('tahap') ?? '');
  const list = useAsync(
    () =>
      api.get<{ items: CutoffItem[] }>(
        `/v1/registry/cutoffs?limit=200${stage ? `&stage=${encodeURIComponent(stage)}` : ''}`,
      ),
    [stage],
  );
  return (
    <section>
      <h1>{t('handoff.title')}</h1>
      <p class="hint">{t('handoff.intro')}</p>
      <div class="card no-print">
        <SelectField
          id="handoff-stage"
          label={t('handoff.filter')}
          value={stage}
          onChange={setStage}
          placeholder={t('handoff.all')}
          options={STAGES.map((value) => ({ value, label: t(stageKey(value)) }))}
        />
      </div>
      <ErrorBanner message={list.error ? errorText(list.error, tr) : undefined} />
      {list.loading && !list.data ? <p aria-busy="true">{t('app.loading')}</p> : null}
      {list.data && list.data.items.length === 0 ? <p>{t('app.none')}</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <div class="table-wrap">
          <table data-testid="handoff-list">
            <thead>
              <tr>
                <th scope="col">{t('handoff.regency')}</th>
                <th scope="col">{t('handoff.period')}</th>
                <th scope="col">{t('handoff.stage')}</th>
                <th scope="col">{t('handoff.fixedAt')}</th>
                <th scope="col">
                  <span class="sr-only">{t('handoff.open')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((item) => (
                <tr key={item.cutoffId} data-testid="handoff-row" data-cutoff={item.cutoffId}>
                  <td>
                    <RegionName code={item.regencyCode} />
                  </td>
                  <td>{formatMonth(item.period, lang)}</td>
                  <td data-testid="handoff-stage">{t(stageKey(item.stage ?? 'fixed'))}</td>
                  <td>{formatDateTime(item.fixedAt, lang)}</td>
                  <td>
                    <a href={routePath('handoff', { id: item.cutoffId })}>{t('handoff.open')}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
