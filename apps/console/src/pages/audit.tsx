import { useState } from 'preact/hooks';
import { ApiError } from '../api/errors.ts';
import {
  mergeTimeline,
  revisionContinuity,
  type Change,
  type ReportAuditEntry,
  type StreamHistoryEntry,
  type TimelineEntry,
} from '../audit/timeline.ts';
import { actorName } from '../audit/actors.ts';
import type { EventCheck } from '../audit/log-proof.ts';
import { useLogProofs, type LogProofState } from '../audit/use-log-proofs.ts';
import { ChangeList } from '../audit/change-list.tsx';
import { errorText } from '../components/error-text.ts';
import { ErrorBanner, TextField } from '../components/fields.tsx';
import { useAsync } from '../components/use-async.ts';
import { useUserNames } from '../components/use-user-names.ts';
import { eventTitle } from '../i18n/event-titles.ts';
import { fieldPathText, streamKind } from '../i18n/field-paths.ts';
import { reasonText } from '../i18n/reason-codes.ts';
import { logProofText } from '../i18n/log-proof-texts.ts';
import { useT } from '../i18n/use-t.ts';
import { formatDateTime } from '../lib/format.ts';
import { navigate, routePath } from '../lib/router.ts';
import { consoleContext } from '../session.ts';
import type { PageProps } from './types.ts';
import { ActorTrail } from '../audit/actor-trail.tsx';
import type { StreamChainReport } from '../../../../packages/contracts/src/chain.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Getter = <T>(path: string) => Promise<T>;

/** Every page of the reporting audit for one proposal or household (capped at 4,000 events). */
async function allAudit(get: Getter, query: string): Promise<ReportAuditEntry[]> {
  const out: ReportAuditEntry[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 20; page += 1) {
    const params = new URLSearchParams(query);
    params.set('limit', '200');
    if (cursor) params.set('cursor', cursor);
    const answer: { items: ReportAuditEntry[]; nextCursor: string | null } = await get(
      `/v1/reports/audit?${params.toString()}`,
    );
    out.push(...answer.items);
    cursor = answer.nextCursor;
    if (!cursor) break;
  }
  return out;
}

function emptyOn404<T>(fallback: T): (error: unknown) => T {
  return (error) => {
    if (error instanceof ApiError && error.status === 404) return fallback;
    throw error;
  };
}

interface RegistryHistoryItem extends StreamHistoryEntry {
  details?: { changes?: unknown };
}

interface Timeline {
  entries: TimelineEntry[];
  primary: string;
}

async function loadTimeline(get: Getter, proposalId: string, householdId: string): Promise<Timeline | undefined> {
  if (UUID.test(proposalId)) {
    const primary = `proposal-${proposalId}`;
    const [audit, history] = await Promise.all([
      allAudit(get, `proposalId=${proposalId}`).catch(emptyOn404<ReportAuditEntry[]>([])),
      get<{ events: StreamHistoryEntry[] }>(`/v1/intake/proposals/${proposalId}/history`)
        .then((answer) => answer.events)
        .catch(emptyOn404<StreamHistoryEntry[]>([])),
    ]);
    return { entries: mergeTimeline(audit, history, primary), primary };
  }
  if (UUID.test(householdId)) {
    const primary = `household-${householdId}`;
    const [audit, history] = await Promise.all([
      allAudit(get, `householdId=${householdId}`).catch(emptyOn404<ReportAuditEntry[]>([])),
      get<{ items: RegistryHistoryItem[] }>(`/v1/registry/households/${householdId}/history?limit=200`)
        .then((answer) =>
          answer.items.map((item) => ({
            ...item,
            ...(Array.isArray(item.details?.changes) ? { changes: item.details.changes as Change[] } : {}),
          })),
        )
        .catch(emptyOn404<StreamHistoryEntry[]>([])),
    ]);
    return { entries: mergeTimeline(audit, history, primary), primary };
  }
  return undefined;
}

/** The owning service recomputes the stream's hash chain: intake for a proposal, registry for a household. */
function loadChain(get: Getter, proposalId: string, householdId: string): Promise<StreamChainReport | undefined> {
  if (UUID.test(proposalId)) return get<StreamChainReport>(`/v1/intake/proposals/${proposalId}/chain`);
  if (UUID.test(householdId)) return get<StreamChainReport>(`/v1/registry/households/${householdId}/chain`);
  return Promise.resolve(undefined);
}

interface SearchHit {
  kind: 'proposal' | 'household';
  id: string;
}

/**
 * What the explorer's one search field finds: a NIK (16 digits) through the registry's lookup
 * (in scope, the read recorded) to its households; an id, whole or the 8 characters pages show,
 * through intake's list to the proposals it starts (a whole id no proposal has is taken as a
 * household's). Undefined when the text is neither. Names are sealed, so not searched here.
 */
async function searchRecords(api: ReturnType<typeof consoleContext>['api'], text: string) {
  const value = text.trim().toLowerCase();
  if (/^\d{16}$/.test(value)) {
    const { data } = await api.request<{ households: { householdId: string }[] }>('POST', '/v1/registry/lookup', {
      json: { nik: value },
    });
    return data.households.map((household): SearchHit => ({ kind: 'household', id: household.householdId }));
  }
  if (!/^[0-9a-f-]{4,36}$/.test(value)) return undefined;
  const page = await api.get<{ items: { proposalId: string }[] }>(
    `/v1/intake/proposals?idPrefix=${encodeURIComponent(value)}&limit=20&names=false`,
  );
  const hits = page.items.map((item): SearchHit => ({ kind: 'proposal', id: item.proposalId }));
  if (hits.length === 0 && UUID.test(value)) return [{ kind: 'household', id: value } satisfies SearchHit];
  return hits;
}

/** `/audit?proposalId=` or `?householdId=`: who changed what, when, through which channel and why. */
export function AuditPage({ search, user }: PageProps) {
  const tr = useT();
  const { t, label, lang } = tr;
  const { api } = consoleContext();
  const proposalId = search.get('proposalId') ?? '';
  const householdId = search.get('householdId') ?? '';
  const actor = search.get('actor') ?? '';
  const names = useUserNames(user);
  const [query, setQuery] = useState(proposalId || householdId);
  const [found, setFound] = useState<SearchHit[] | undefined>();
  const [searchError, setSearchError] = useState<string | undefined>();
  const state = useAsync(
    () => loadTimeline((path) => api.get(path), proposalId, householdId),
    [proposalId, householdId],
  );
  const chain = useAsync(() => loadChain((path) => api.get(path), proposalId, householdId), [proposalId, householdId]);

  const open = (hit: SearchHit): void => {
    setFound(undefined);
    navigate(`${routePath('audit')}?${hit.kind === 'proposal' ? 'proposalId' : 'householdId'}=${hit.id}`);
  };
  const show = async (event: Event): Promise<void> => {
    event.preventDefault();
    setSearchError(undefined);
    try {
      const hits = await searchRecords(api, query);
      if (hits === undefined) return setSearchError(t('audit.searchFormat'));
      if (hits.length === 1 && hits[0]) return open(hits[0]);
      setFound(hits);
      if (hits.length === 0) setSearchError(t('audit.searchNone'));
    } catch (failure) {
      setSearchError(errorText(failure, tr));
    }
  };

  const timeline = state.data;
  // A merged decision stands for two events (the case's and the proposal's): both are checked.
  const logProofs = useLogProofs(
    (path) => api.get(path),
    timeline?.entries.flatMap((entry) => (entry.twin ? [entry, entry.twin] : [entry])),
  );
  const continuity = timeline
    ? revisionContinuity(timeline.entries.filter((entry) => entry.streamId === timeline.primary))
    : undefined;
  return (
    <section>
      <h1>{t('audit.title')}</h1>
      <form class="card no-print" onSubmit={(event) => void show(event)} noValidate>
        <TextField
          id="audit-search"
          label={t('audit.search')}
          hint={t('audit.searchHint')}
          value={query}
          onInput={setQuery}
          error={searchError}
          wide
        />
        <button type="submit" class="btn btn-primary" data-testid="audit-search-submit">
          {t('audit.show')}
        </button>
        {found && found.length > 1 ? (
          <ul data-testid="audit-search-hits">
            {found.map((hit) => (
              <li key={hit.id}>
                <button type="button" class="btn btn-link" onClick={() => open(hit)}>
                  {t(hit.kind === 'proposal' ? 'audit.hitProposal' : 'audit.hitHousehold', { id: hit.id.slice(0, 8) })}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </form>
      {!proposalId && !householdId && !actor ? <p>{t('audit.needId')}</p> : null}
      {actor && !proposalId && !householdId ? (
        <ActorTrail actor={actor} name={names.get(actor)?.name ?? t('audit.unknownUser')} />
      ) : null}
      <ErrorBanner message={state.error ? errorText(state.error, tr) : undefined} />
      {state.loading && !timeline ? <p aria-busy="true">{t('app.loading')}</p> : null}
      {timeline && continuity ? (
        <>
          <div class="card" data-testid="chain-status" data-chain={chain.data?.status ?? 'pending'}>
            <h2>{t('audit.chain')}</h2>
            <ChainStatus report={chain.data} failed={chain.error !== undefined} />
            {continuity.gaps.map((gap) => (
              <p key={gap.streamId}>
                <span class="status result-warn">
                  {streamKind(gap.streamId, tr)}: {t('audit.chainGap', { revision: gap.missing })}
                </span>
              </p>
            ))}
          </div>
          <LogCheckpoint state={logProofs} />
          {timeline.entries.length === 0 ? <p>{t('app.none')}</p> : null}
          <ol class="timeline" data-testid="audit-timeline">
            {timeline.entries.map((entry) => (
              <AuditEntry key={entry.eventId} entry={entry} />
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );

  /** The checkpoint the events are checked against, and whether its signature held. */
  function LogCheckpoint({ state: proofs }: { state: LogProofState }) {
    const say = (key: Parameters<typeof logProofText>[0], params?: Record<string, string | number>) =>
      logProofText(key, lang, params);
    return (
      <div class="card" data-testid="log-checkpoint" data-phase={proofs.phase}>
        <h2>{say('heading')}</h2>
        {proofs.phase === 'checking' ? <p aria-busy="true">{say('checking')}</p> : null}
        {proofs.phase === 'none' ? <p>{say('noCheckpoint')}</p> : null}
        {proofs.phase === 'error' ? <p class="status result-warn">{say('checkFailed')}</p> : null}
        {proofs.phase === 'done' ? (
          <>
            <p>
              {say('checkpoint', { size: proofs.size, code: '' })}
              <code data-testid="log-checkpoint-code">{proofs.code}</code>
            </p>
            <p data-testid="log-signature" data-signature={proofs.signature}>
              <span
                class={`status ${proofs.signature === 'verified' ? 'result-pass' : proofs.signature === 'invalid' ? 'result-fail' : 'result-warn'}`}
              >
                {proofs.signature === 'verified'
                  ? say('signatureVerified', { key: proofs.keyId })
                  : say(proofs.signature === 'invalid' ? 'signatureInvalid' : 'signatureUnsupported')}
              </span>
            </p>
          </>
        ) : null}
      </div>
    );
  }

  /** One event's place in the signed log: verified, not yet checkpointed, or a visible mismatch. */
  function EventInLog({ check, phase }: { check: EventCheck | undefined; phase: LogProofState['phase'] }) {
    if (phase !== 'done') return null;
    const status = check?.status ?? 'pending';
    return (
      <p data-testid="log-proof" data-log-proof={status}>
        <span
          class={`status ${status === 'verified' ? 'result-pass' : status === 'failed' ? 'result-fail' : 'result-warn'}`}
        >
          {logProofText(status, lang)}
          {check?.status === 'failed' ? `: ${logProofText(check.reason, lang)}` : null}
        </span>
      </p>
    );
  }

  function ChainStatus({ report, failed }: { report: StreamChainReport | undefined; failed: boolean }) {
    if (failed) return <p>{t('audit.chainFailed')}</p>;
    if (!report) return <p aria-busy="true">{t('app.loading')}</p>;
    switch (report.status) {
      case 'verified':
        return (
          <p>
            <span class="status result-pass">{t('audit.chainVerified', { count: report.events })}</span>{' '}
            <code title={report.headHash}>{report.headHash.slice(0, 16)}…</code>
          </p>
        );
      case 'broken':
        return (
          <p>
            <span class="status result-fail">
              {t('audit.chainBroken', { revision: report.revision, reason: report.reason })}
            </span>
          </p>
        );
      case 'unsupported':
        return <p>{t('audit.chainUnsupported')}</p>;
    }
  }

  function AuditEntry({ entry }: { entry: TimelineEntry }) {
    return (
      <li
        data-testid="audit-entry"
        data-event-type={entry.type}
        data-event-id={entry.eventId}
        {...(entry.twin ? { 'data-twin-event-id': entry.twin.eventId, 'data-twin-event-type': entry.twin.type } : {})}
      >
        <p>
          <strong>{eventTitle(entry.type, lang)}</strong> ·{' '}
          <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt, lang)}</time>
        </p>
        <dl class="facts">
          <dt>{t('audit.who')}</dt>
          <dd>
            {actorName(entry.actor, names, t)}
            {entry.actor.role === 'system' ? null : ` · ${label('role', entry.actor.role)}`}
          </dd>
          <dt>{t('audit.channel')}</dt>
          <dd>{label('channel', entry.channel)}</dd>
          {entry.reason ? (
            <>
              <dt>{t('audit.reason')}</dt>
              <dd>{reasonText(entry.reason, lang)}</dd>
            </>
          ) : null}
          {entry.fields.length > 0 ? (
            <>
              <dt>{t('audit.fields')}</dt>
              <dd>{entry.fields.map((path) => fieldPathText(path, tr)).join(', ')}</dd>
            </>
          ) : null}
        </dl>
        <ChangeList changes={entry.changes} />
        <p class="hint">{t('audit.stream', { stream: streamKind(entry.streamId, tr), revision: entry.revision })}</p>
        <EventInLog
          check={
            logProofs.phase === 'done'
              ? bothChecks(logProofs.events.get(entry.eventId), entry.twin && logProofs.events.get(entry.twin.eventId))
              : undefined
          }
          phase={logProofs.phase}
        />
      </li>
    );
  }
}

/** One mark for an entry that stands for two events: a failure of either shows; verified only when both are. */
function bothChecks(own: EventCheck | undefined, twin: EventCheck | undefined): EventCheck | undefined {
  if (own?.status === 'failed' || twin === undefined) return own;
  if (twin.status === 'failed') return twin;
  return own?.status === 'verified' && twin.status === 'verified' ? own : { status: 'pending' };
}
