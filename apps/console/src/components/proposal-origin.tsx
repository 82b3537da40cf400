import { useT } from '../i18n/use-t.ts';
import { routePath } from '../lib/router.ts';
import { rowsText, type MeetingView } from '../meetings/types.ts';
import { consoleContext } from '../session.ts';
import { useAsync } from './use-async.ts';

/** What a proposal says about where it came from (`GET /v1/intake/proposals/:id`). */
export interface ProposalOriginFacts {
  channel: string;
  amendments: number;
  source?: { importId: string; rows: number[]; meetingId?: string } | undefined;
}

/**
 * Where a proposal came from, as a `<dt>/<dd>` pair for a facts list: "agreed at meeting X, row N"
 * (with the meeting's number and date, and a link to it), "entered by hand", and whether it was
 * amended after its meeting or import — the marks a supervisor looks for (DOMAIN.md "Village meetings").
 */
export function ProposalOrigin({ proposal }: { proposal: ProposalOriginFacts }) {
  const { t } = useT();
  const { api } = consoleContext();
  const meetingId = proposal.source?.meetingId;
  const meeting = useAsync(
    () =>
      meetingId
        ? api.get<MeetingView>(`/v1/intake/meetings/${encodeURIComponent(meetingId)}`).catch(() => undefined)
        : Promise.resolve(undefined),
    [meetingId],
  );
  const rows = rowsText(proposal.source?.rows ?? []);
  const text = (() => {
    if (meetingId)
      return meeting.data
        ? t('origin.meeting', { number: meeting.data.number, date: meeting.data.date, rows })
        : t('origin.meetingShort', { rows });
    if (proposal.source) return t('origin.imported', { rows });
    if (proposal.channel === 'operator') return t('origin.hand');
    return undefined;
  })();
  const amended =
    proposal.amendments > 0 && proposal.source
      ? t(meetingId ? 'origin.amendedAfterMeeting' : 'origin.amendedAfterImport', { count: proposal.amendments })
      : undefined;
  if (!text) return null;
  const kind = meetingId ? 'meeting' : proposal.source ? 'imported' : 'hand';
  return (
    <>
      <dt>{t('origin.label')}</dt>
      <dd data-testid="proposal-origin" data-origin={kind} data-amended={String(amended !== undefined)}>
        <span class={kind === 'hand' ? 'status result-warn' : undefined}>{text}</span>
        {meetingId ? (
          <>
            {' '}
            · <a href={routePath('meeting', { id: meetingId })}>{t('origin.openMeeting')}</a>
          </>
        ) : null}
        {amended ? (
          <>
            {' '}
            <span class="status result-warn" data-testid="amended-after-meeting">
              {amended}
            </span>
          </>
        ) : null}
      </dd>
    </>
  );
}

/** The short mark a list shows beside the channel: entered by hand, or changed after its meeting/import. */
export function OriginMark({ item }: { item: { channel: string; amendments: number; importId?: string } }) {
  const { t } = useT();
  const imported = item.importId !== undefined || item.channel === 'musdes' || item.channel === 'rtrw';
  if (imported && item.amendments > 0)
    return (
      <span class="status result-warn" data-testid="origin-mark" data-origin="amended">
        {item.channel === 'musdes'
          ? t('origin.amendedAfterMeeting', { count: item.amendments })
          : t('origin.amendedAfterImport', { count: item.amendments })}
      </span>
    );
  if (item.channel === 'operator')
    return (
      <span class="hint" data-testid="origin-mark" data-origin="hand">
        {t('origin.handShort')}
      </span>
    );
  return null;
}
