import { ApiError } from '../api/errors.ts';
import { useT } from '../i18n/use-t.ts';
import { formatNumber } from '../lib/format.ts';
import { consoleContext } from '../session.ts';
import { errorText } from './error-text.ts';
import { ErrorBanner } from './fields.tsx';
import { RegionName } from './region-name.tsx';
import { useAsync } from './use-async.ts';

interface VillageComplaints {
  regionCode: string;
  total: number;
  byStage: Record<string, number>;
  openByAge: { under3Days: number; from3To14Days: number; over14Days: number };
  outcomes: { upheld: number; notUpheld: number; unfounded: number };
  overdue: number;
  upheldShare: number | null;
  standsOut: boolean;
}

const STAGES = ['received', 'triaged', 'routed', 'answered', 'closed'] as const;

/**
 * The dashboard's panel of citizens' complaints in a region (intake's
 * `/v1/intake/complaints/summary`): per village by stage, age of the open ones and outcome, the
 * overdue count, and villages whose complaints are often upheld marked. Villages that stand out
 * come first.
 */
export function ComplaintsPanel({ regionCode }: { regionCode: string }) {
  const tr = useT();
  const { t, label, lang } = tr;
  const { api } = consoleContext();
  const query = regionCode === '' ? '' : `?region=${encodeURIComponent(regionCode)}`;
  const state = useAsync(
    () => api.get<{ villages: VillageComplaints[] }>(`/v1/intake/complaints/summary${query}`),
    [regionCode],
  );
  const n = (value: number) => formatNumber(value, lang);
  // A region outside the reader's scope answers 404: the panel then shows nothing.
  if (state.error instanceof ApiError && state.error.status === 404) return null;
  const villages = [...(state.data?.villages ?? [])].sort(
    (a, b) => Number(b.standsOut) - Number(a.standsOut) || b.total - a.total,
  );
  return (
    <section aria-labelledby="complaints-panel-title" data-testid="complaints-panel">
      <h2 id="complaints-panel-title">{t('district.title')}</h2>
      <ErrorBanner message={state.error ? errorText(state.error, tr) : undefined} />
      {state.data && villages.length === 0 ? <p>{t('app.none')}</p> : null}
      {villages.length > 0 ? (
        <div class="table-wrap">
          <table>
            <caption class="hint">{t('district.standsOutHint')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('district.village')}</th>
                <th scope="col" class="num">
                  {t('district.total')}
                </th>
                {STAGES.map((stage) => (
                  <th scope="col" class="num" key={stage}>
                    {label('cstage', stage)}
                  </th>
                ))}
                <th scope="col">{t('district.open')}</th>
                <th scope="col">{t('district.outcomes')}</th>
                <th scope="col" class="num">
                  {t('district.overdue')}
                </th>
              </tr>
            </thead>
            <tbody>
              {villages.map((village) => (
                <tr key={village.regionCode} data-region={village.regionCode} data-stands-out={village.standsOut}>
                  <th scope="row">
                    <RegionName code={village.regionCode} />
                    {village.standsOut ? (
                      <>
                        {' '}
                        <strong class="pill pill-warn" data-testid="stands-out">
                          {t('district.standsOut')}
                        </strong>
                      </>
                    ) : null}
                  </th>
                  <td class="num">{n(village.total)}</td>
                  {STAGES.map((stage) => (
                    <td class="num" key={stage}>
                      {n(village.byStage[stage] ?? 0)}
                    </td>
                  ))}
                  <td>
                    {n(village.openByAge.under3Days)} / {n(village.openByAge.from3To14Days)} /{' '}
                    {n(village.openByAge.over14Days)}
                  </td>
                  <td>
                    {n(village.outcomes.upheld)} / {n(village.outcomes.notUpheld)} / {n(village.outcomes.unfounded)}
                  </td>
                  <td class="num" data-testid="overdue">
                    {n(village.overdue)}
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
