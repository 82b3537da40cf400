import { useState } from 'preact/hooks';
import { errorText } from '../components/error-text.ts';
import { ErrorBanner, SelectField, TextField } from '../components/fields.tsx';
import { LineChart } from '../components/line-chart.tsx';
import { useAsync } from '../components/use-async.ts';
import { useT } from '../i18n/use-t.ts';
import { toCsv, downloadText } from '../lib/csv.ts';
import { formatNumber } from '../lib/format.ts';
import { navigate, routePath } from '../lib/router.ts';
import { stagesOf } from '../lib/stages.ts';
import { PROPOSAL_STAGES } from '../proposals/contracts.ts';
import { consoleContext } from '../session.ts';
import { MonthlyReportView } from './monthly-report.tsx';
import { ComplaintsPanel } from '../components/complaints-panel.tsx';
import type { PageProps } from './types.ts';

interface Breakdown {
  total: number;
  applied: number;
  byStatus: Record<string, number>;
  byType: Record<string, number>;
  byChannel: Record<string, number>;
}

interface Summary {
  region: { code: string; name: string | null; level: string };
  proposals: Breakdown;
  households: { total: number; byStatus: Record<string, number> };
  children: {
    code: string;
    name: string | null;
    level: string;
    proposals: Breakdown;
    households: { total: number; byStatus: Record<string, number> };
  }[];
}

interface Series {
  from: string;
  to: string;
  points: { start: string; value: number | null }[];
}

const METRICS = [
  'submitted',
  'drafted',
  'verified',
  'returned',
  'rejected',
  'approved',
  'applied',
  'households_registered',
  'households_deactivated',
  'findings',
  'decision_hours',
];

/** The region's parent code (`52.02.01` → `52.02`; a province → national). */
export const parentOf = (code: string): string | undefined =>
  code === 'national' || code === ''
    ? undefined
    : code.includes('.')
      ? code.slice(0, code.lastIndexOf('.'))
      : 'national';

/** `/dasbor/:regionCode?`: counts by status, drill-down to villages, a trend, CSV, the monthly report. */
export function DashboardPage({ params, user, search }: PageProps) {
  const tr = useT();
  const { t, label, lang } = tr;
  const { api } = consoleContext();
  const code = params['regionCode'] ?? (user.regionCode === '' ? 'national' : user.regionCode);
  const [metric, setMetric] = useState('submitted');
  const [interval, setBucket] = useState('day');
  const [month, setMonth] = useState(new Date().toISOString().slice(0, 7));
  const report = search.get('laporan');
  const summary = useAsync(() => api.get<Summary>(`/v1/reports/regions/${encodeURIComponent(code)}/summary`), [code]);
  const series = useAsync(
    () =>
      api.get<Series>(
        `/v1/reports/regions/${encodeURIComponent(code)}/timeseries?metric=${metric}&interval=${interval}`,
      ),
    [code, metric, interval],
  );
  if (report) return <MonthlyReportView code={code} month={report} />;
  const data = summary.data;
  // A village has no children: its own line keeps the table (and the CSV) meaningful.
  const rows = data
    ? data.children.length > 0
      ? data.children
      : [
          {
            code: data.region.code,
            name: data.region.name,
            level: data.region.level,
            proposals: data.proposals,
            households: data.households,
          },
        ]
    : [];
  const regionName = data
    ? (data.region.name ??
      (data.region.code === '' || data.region.level === 'national' ? t('dash.national') : data.region.code))
    : code;
  const parent = parentOf(code);
  const n = (value: number | undefined): string => formatNumber(value ?? 0, lang);
  // Every status that holds a proposal gets a column, so a row's columns add up to its total.
  const stages = data ? stagesOf([data.proposals, ...rows.map((row) => row.proposals)]) : PROPOSAL_STAGES;

  const exportCsv = (): void => {
    if (!data) return;
    // Headers in words (the file is read by people in a spreadsheet); the region code stays a column.
    const header = [
      t('dash.csvCode'),
      t('dash.region'),
      t('dash.proposals'),
      ...PROPOSAL_STAGES.map((stage) => `${t('dash.proposals')}: ${label('status', stage)}`),
      `${t('dash.households')}: ${label('hh', 'active')}`,
      `${t('dash.households')}: ${label('hh', 'inactive')}`,
    ];
    const lines = rows.map((child) => [
      child.code,
      child.name,
      child.proposals.total,
      ...PROPOSAL_STAGES.map((stage) => child.proposals.byStatus[stage] ?? 0),
      child.households.byStatus['active'] ?? 0,
      child.households.byStatus['inactive'] ?? 0,
    ]);
    downloadText(
      toCsv([header, ...lines]),
      `siks-${code.replace(/\./g, '')}-${new Date().toISOString().slice(0, 10)}.csv`,
    );
  };

  return (
    <section>
      <h1>{t('dash.title', { region: regionName })}</h1>
      <p class="no-print">
        {parent && (user.regionCode === '' || parent.startsWith(user.regionCode)) ? (
          <a href={routePath('dashboard', { regionCode: parent })}>{t('dash.up')}</a>
        ) : null}
      </p>
      <ErrorBanner message={summary.error ? errorText(summary.error, tr) : undefined} />
      {data ? (
        <>
          <div class="cards">
            <div class="stat">
              {t('dash.proposals')}
              <strong data-testid="summary-total-proposals">{data.proposals.total}</strong>
            </div>
            <div class="stat">
              {t('dash.applied')}
              <strong>{n(data.proposals.applied)}</strong>
            </div>
            <div class="stat">
              {t('dash.households')}
              <strong>{n(data.households.total)}</strong>
            </div>
          </div>
          <h2>{t('dash.byStatus')}</h2>
          <div class="table-wrap">
            <table>
              <tbody>
                {stages.map((stage) => (
                  <tr key={stage}>
                    <th scope="row">{label('status', stage)}</th>
                    <td class="num">{n(data.proposals.byStatus[stage])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>{t('dash.householdsByStatus')}</h2>
          <div class="table-wrap">
            <table>
              <tbody>
                {Object.entries(data.households.byStatus).map(([status, count]) => (
                  <tr key={status}>
                    <th scope="row">{label('hh', status)}</th>
                    <td class="num">{n(count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {rows.length > 0 ? (
            <>
              <h2>{t('dash.children')}</h2>
              <div class="table-wrap">
                <table data-testid="summary-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('dash.region')}</th>
                      <th scope="col" class="num">
                        {t('dash.proposals')}
                      </th>
                      {stages.map((stage) => (
                        <th scope="col" class="num" key={stage}>
                          {label('status', stage)}
                        </th>
                      ))}
                      <th scope="col" class="num">
                        {t('dash.households')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((child) => (
                      <tr key={child.code}>
                        <th scope="row">
                          <a href={routePath('dashboard', { regionCode: child.code })}>{child.name ?? child.code}</a>
                          <div class="hint">{child.code}</div>
                        </th>
                        <td class="num">{n(child.proposals.total)}</td>
                        {stages.map((stage) => (
                          <td class="num" key={stage} data-status={stage}>
                            {n(child.proposals.byStatus[stage])}
                          </td>
                        ))}
                        <td class="num">{n(child.households.total)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p class="no-print">
                <button type="button" class="btn btn-secondary" onClick={exportCsv}>
                  {t('dash.csv')}
                </button>
              </p>
            </>
          ) : null}
        </>
      ) : summary.loading ? (
        <p aria-busy="true">{t('app.loading')}</p>
      ) : null}

      <h2>{t('dash.trend')}</h2>
      <div class="grid no-print">
        <SelectField
          id="dash-metric"
          label={t('dash.metric')}
          value={metric}
          options={METRICS.map((value) => ({ value, label: label('metric', value) }))}
          onChange={setMetric}
          placeholder=""
        />
        <SelectField
          id="dash-interval"
          label={t('dash.interval')}
          value={interval}
          options={['day', 'week', 'month'].map((value) => ({ value, label: label('interval', value) }))}
          onChange={setBucket}
          placeholder=""
        />
      </div>
      <ErrorBanner message={series.error ? errorText(series.error, tr) : undefined} />
      {series.data ? (
        <>
          <LineChart
            points={series.data.points}
            label={t('dash.chartLabel', {
              metric: label('metric', metric),
              interval: label('interval', interval),
              from: series.data.from,
              to: series.data.to,
            })}
          />
          <details>
            <summary>{label('metric', metric)}</summary>
            <table>
              <tbody>
                {series.data.points.map((point) => (
                  <tr key={point.start}>
                    <th scope="row">{point.start}</th>
                    <td class="num">{point.value ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      ) : null}

      <ComplaintsPanel regionCode={code === 'national' ? '' : code} />

      <form
        class="card no-print"
        onSubmit={(event) => {
          event.preventDefault();
          navigate(`${routePath('dashboard', { regionCode: code })}?laporan=${encodeURIComponent(month)}`);
        }}
      >
        <TextField id="dash-month" label={t('dash.month')} value={month} onInput={setMonth} type="month" />
        <button type="submit" class="btn btn-secondary">
          {t('dash.print')}
        </button>
      </form>
    </section>
  );
}
