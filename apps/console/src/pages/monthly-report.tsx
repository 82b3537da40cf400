import { errorText } from '../components/error-text.ts';
import { ErrorBanner } from '../components/fields.tsx';
import { useAsync } from '../components/use-async.ts';
import { logProofText } from '../i18n/log-proof-texts.ts';
import { useT } from '../i18n/use-t.ts';
import { formatDateTime, formatHours, formatMonth, formatNumber } from '../lib/format.ts';
import { routePath } from '../lib/router.ts';
import { consoleContext } from '../session.ts';

interface Row {
  code: string;
  name: string | null;
  submitted: number;
  verified: number;
  returned: number;
  rejected: number;
  approved: number;
  applied: number;
  householdsRegistered: number;
  householdsDeactivated: number;
  householdsActive: number;
}

interface MonthlyReport {
  region: { code: string; name: string | null };
  month: string;
  totals: Row;
  rows: Row[];
  decisionTime: { meanHours: number | null; medianHours: number | null };
  reasons: { returned: { reason: string; count: number }[]; rejected: { reason: string; count: number }[] };
  auditCheckpoint?: { treeSize: number; rootHex: string; shortCode: string; signedAt: string } | null;
}

/** The audit log's latest checkpoint, printed with the report: the short code is what an officer keeps. */
function ReportCheckpoint({ checkpoint, lang }: { checkpoint: MonthlyReport['auditCheckpoint']; lang: 'id' | 'en' }) {
  return (
    <div class="card" data-testid="report-checkpoint">
      <h2>{logProofText('reportCheckpoint', lang)}</h2>
      {checkpoint ? (
        <>
          <p>
            {logProofText('reportCheckpointCode', lang)}
            <strong>
              <code data-testid="report-checkpoint-code">{checkpoint.shortCode}</code>
            </strong>
          </p>
          <p class="hint">
            {logProofText('reportCheckpointLine', lang, {
              size: formatNumber(checkpoint.treeSize, lang),
              time: formatDateTime(checkpoint.signedAt, lang),
            })}
            <code class="hash">{checkpoint.rootHex}</code>
          </p>
          <p class="hint">{logProofText('reportCheckpointHint', lang)}</p>
        </>
      ) : (
        <p>{logProofText('reportCheckpointNone', lang)}</p>
      )}
    </div>
  );
}

const COLUMNS = [
  'submitted',
  'verified',
  'returned',
  'rejected',
  'approved',
  'applied',
  'householdsRegistered',
  'householdsDeactivated',
  'householdsActive',
] as const;

/** The printable periodic report (laporan berkala) of a region for a month. */
export function MonthlyReportView({ code, month }: { code: string; month: string }) {
  const tr = useT();
  const { t, lang } = tr;
  const { api } = consoleContext();
  const state = useAsync(
    () => api.get<MonthlyReport>(`/v1/reports/monthly/${encodeURIComponent(code)}/${encodeURIComponent(month)}`),
    [code, month],
  );
  const report = state.data;
  const n = (value: number): string => formatNumber(value, lang);
  return (
    <section class="report">
      <p class="no-print">
        <a href={routePath('dashboard', { regionCode: code })}>{t('app.back')}</a>{' '}
        <button type="button" class="btn btn-primary" onClick={() => window.print()}>
          {t('report.print')}
        </button>
      </p>
      <ErrorBanner message={state.error ? errorText(state.error, tr) : undefined} />
      {report ? (
        <>
          <h1>
            {t('report.title', {
              region: report.region.name ?? report.region.code,
              month: formatMonth(report.month, lang),
            })}
          </h1>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('dash.region')}</th>
                  {COLUMNS.map((column) => (
                    <th key={column} scope="col" class="num">
                      {t(`report.${column}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {report.rows.map((row) => (
                  <tr key={row.code}>
                    <th scope="row">
                      {row.name ?? row.code} <span class="hint">{row.code}</span>
                    </th>
                    {COLUMNS.map((column) => (
                      <td key={column} class="num">
                        {n(row[column])}
                      </td>
                    ))}
                  </tr>
                ))}
                <tr data-testid="report-totals" data-approved={report.totals.approved}>
                  <th scope="row">{t('report.totals')}</th>
                  {COLUMNS.map((column) => (
                    <td key={column} class="num">
                      <strong>{n(report.totals[column])}</strong>
                    </td>
                  ))}
                </tr>
              </tbody>
            </table>
          </div>
          <p>
            {t('report.decisionTime', {
              mean: report.decisionTime.meanHours === null ? '—' : formatHours(report.decisionTime.meanHours, lang),
              median:
                report.decisionTime.medianHours === null ? '—' : formatHours(report.decisionTime.medianHours, lang),
            })}
          </p>
          {[...report.reasons.returned, ...report.reasons.rejected].length > 0 ? (
            <ul>
              {report.reasons.returned.map((item) => (
                <li key={`r-${item.reason}`}>
                  {t('report.returned')}: {item.reason} ({item.count})
                </li>
              ))}
              {report.reasons.rejected.map((item) => (
                <li key={`x-${item.reason}`}>
                  {t('report.rejected')}: {item.reason} ({item.count})
                </li>
              ))}
            </ul>
          ) : null}
          <ReportCheckpoint checkpoint={report.auditCheckpoint ?? null} lang={lang} />
        </>
      ) : state.loading ? (
        <p aria-busy="true">{t('app.loading')}</p>
      ) : null}
    </section>
  );
}
