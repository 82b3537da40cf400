import { useState } from 'preact/hooks';
import { errorText } from '../components/error-text.ts';
import { ErrorBanner, TextField } from '../components/fields.tsx';
import { RegionName } from '../components/region-name.tsx';
import { useAsync } from '../components/use-async.ts';
import { isMessageKey, type MessageKey } from '../i18n/i18n.ts';
import { useT, type Translator } from '../i18n/use-t.ts';
import { formatDateTime } from '../lib/format.ts';
import { routePath } from '../lib/router.ts';
import { consoleContext } from '../session.ts';
import {
  DRILL_FIGURES,
  figureValue,
  type Figure,
  type Flag,
  type OperatorRow,
  type Supervision,
} from '../supervision/types.ts';
import type { PageProps } from './types.ts';

/** A flag in words (`supervise.rule.<rule>` with its numbers), or the rule's code when unknown. */
export function flagText(flag: Flag, tr: Translator): string {
  const key = `supervise.rule.${flag.rule}`;
  return isMessageKey(key) ? tr.t(key as MessageKey, flag.params) : flag.rule;
}

/**
 * `/pengawasan` (district and province roles): per operator and village, proposals by channel,
 * changes to a meeting's list after the meeting, bursts near the deadline, reused photos, returns
 * and rejections, with flags explained in words; per verifikator, verifications over failed
 * checks with the reasons given. Each figure opens its proposals and the person's audit trail.
 */
export function SupervisionPage({ user }: PageProps) {
  const tr = useT();
  const { t, label, lang } = tr;
  const { api } = consoleContext();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [range, setRange] = useState({ from: '', to: '' });
  const [drill, setDrill] = useState<{ row: OperatorRow; figure: Figure } | undefined>();
  const report = useAsync(() => {
    const query = new URLSearchParams();
    if (range.from) query.set('from', range.from);
    if (range.to) query.set('to', range.to);
    return api.get<Supervision>(`/v1/reports/supervision${query.size > 0 ? `?${query.toString()}` : ''}`);
  }, [range.from, range.to]);
  const directory = useAsync(
    () => api.get<{ users: { id: string; name: string; username?: string }[] }>('/v1/users').then((a) => a.users),
    [user.id],
  );
  const nameOf = (userId: string): string => {
    const person = directory.data?.find((candidate) => candidate.id === userId);
    return person ? `${person.name}${person.username ? ` (${person.username})` : ''}` : userId;
  };
  const auditLink = (userId: string): string => `${routePath('audit')}?actor=${encodeURIComponent(userId)}`;

  const data = report.data;
  return (
    <section>
      <h1>{t('supervise.title')}</h1>
      <p class="hint">{t('supervise.intro')}</p>
      <form
        class="card no-print"
        onSubmit={(event) => {
          event.preventDefault();
          setRange({ from, to });
        }}
      >
        <TextField id="supervise-from" label={t('supervise.from')} type="date" value={from} onInput={setFrom} />
        <TextField id="supervise-to" label={t('supervise.to')} type="date" value={to} onInput={setTo} />
        <button type="submit" class="btn btn-primary">
          {t('supervise.show')}
        </button>
      </form>
      <ErrorBanner message={report.error ? errorText(report.error, tr) : undefined} />
      {report.loading && !data ? <p aria-busy="true">{t('app.loading')}</p> : null}
      {data ? (
        <>
          <h2>{t('supervise.operators')}</h2>
          {data.operators.length === 0 ? <p>{t('app.none')}</p> : null}
          {data.operators.length > 0 ? (
            <div class="table-wrap">
              <table data-testid="supervise-operators">
                <thead>
                  <tr>
                    <th scope="col">{t('supervise.operator')}</th>
                    <th scope="col">{t('supervise.village')}</th>
                    <th scope="col">{t('supervise.flags')}</th>
                    {DRILL_FIGURES.map((figure) => (
                      <th key={figure} scope="col" class="num">
                        {t(`supervise.fig.${figure}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {data.operators.map((row) => (
                    <tr
                      key={`${row.userId}:${row.regionCode}`}
                      data-testid="supervise-operator"
                      data-user={row.userId}
                      data-flags={row.flags.map((flag) => flag.rule).join(' ')}
                    >
                      <th scope="row">
                        <a href={auditLink(row.userId)}>{nameOf(row.userId)}</a>
                        <div class="hint">{t('supervise.peakHour', { count: row.peakHour })}</div>
                      </th>
                      <td>
                        <RegionName code={row.regionCode} />
                      </td>
                      <td>
                        {row.flags.length === 0 ? (
                          <span class="hint">{t('supervise.noFlags')}</span>
                        ) : (
                          <ul class="flags">
                            {row.flags.map((flag) => (
                              <li key={flag.rule} class="warning" data-testid="supervise-flag" data-rule={flag.rule}>
                                {flagText(flag, tr)}
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                      {DRILL_FIGURES.map((figure) => {
                        const value = figureValue(row, figure);
                        return (
                          <td key={figure} class="num">
                            {value > 0 ? (
                              <button
                                type="button"
                                class="btn btn-link"
                                data-testid={`figure-${figure}`}
                                onClick={() => setDrill({ row, figure })}
                              >
                                {value}
                              </button>
                            ) : (
                              '0'
                            )}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {drill ? (
            <div
              class="card"
              data-testid="supervise-drill"
              role="region"
              aria-label={t(`supervise.fig.${drill.figure}`)}
            >
              <h3>
                {t('supervise.drill', { figure: t(`supervise.fig.${drill.figure}`), who: nameOf(drill.row.userId) })}
              </h3>
              <ul>
                {(drill.row.proposals[drill.figure] ?? []).map((proposalId) => (
                  <li key={proposalId}>
                    <a href={routePath('proposal', { id: proposalId })}>
                      {t('audit.proposalOf', { id: proposalId.slice(0, 8) })}
                    </a>
                    {' · '}
                    <a href={`${routePath('audit')}?proposalId=${encodeURIComponent(proposalId)}`}>
                      {t('detail.history')}
                    </a>
                  </li>
                ))}
              </ul>
              <p>
                <a href={auditLink(drill.row.userId)} data-testid="supervise-audit-link">
                  {t('supervise.openAudit', { who: nameOf(drill.row.userId) })}
                </a>
                {' · '}
                <button type="button" class="btn btn-link" onClick={() => setDrill(undefined)}>
                  {t('supervise.close')}
                </button>
              </p>
            </div>
          ) : null}

          <h2>{t('supervise.verifiers')}</h2>
          {data.verifiers.length === 0 ? <p>{t('supervise.noVerifiers')}</p> : null}
          {data.verifiers.length > 0 ? (
            <div class="table-wrap">
              <table data-testid="supervise-verifiers">
                <thead>
                  <tr>
                    <th scope="col">{t('supervise.operator')}</th>
                    <th scope="col" class="num">
                      {t('supervise.verified')}
                    </th>
                    <th scope="col" class="num">
                      {t('supervise.overrides')}
                    </th>
                    <th scope="col">{t('supervise.checks')}</th>
                    <th scope="col">{t('supervise.reason')}</th>
                    <th scope="col">{t('supervise.flags')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.verifiers.map((row) => (
                    <tr
                      key={row.userId}
                      data-testid="supervise-verifier"
                      data-user={row.userId}
                      data-overrides={row.overrides}
                    >
                      <th scope="row">
                        <a href={auditLink(row.userId)}>{nameOf(row.userId)}</a>
                        <div class="hint">{label('role', row.role)}</div>
                      </th>
                      <td class="num">{row.verified}</td>
                      <td class="num">{row.overrides}</td>
                      <td>
                        {Object.entries(row.checks)
                          .map(([check, count]) => `${label('check', check)}: ${count}`)
                          .join('; ') || '—'}
                      </td>
                      <td>
                        <ul>
                          {row.cases.map((decision) => (
                            <li key={decision.proposalId}>
                              <a href={routePath('case', { proposalId: decision.proposalId })}>
                                {decision.proposalId.slice(0, 8)}
                              </a>{' '}
                              ({decision.checks.map((check) => label('check', check)).join(', ')}) —{' '}
                              {decision.reason ?? '—'} <span class="hint">{formatDateTime(decision.at, lang)}</span>
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td>
                        {row.flags.length === 0 ? (
                          <span class="hint">{t('supervise.noFlags')}</span>
                        ) : (
                          row.flags.map((flag) => (
                            <p key={flag.rule} class="warning" data-testid="supervise-flag" data-rule={flag.rule}>
                              {flagText(flag, tr)}
                            </p>
                          ))
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
