import { fieldPathText } from '../i18n/field-paths.ts';
import { useT } from '../i18n/use-t.ts';
import { formatDateTime } from '../lib/format.ts';
import { useStore } from '../lib/use-store.ts';
import type { OutboxItem } from '../offline/outbox.ts';
import type { OutboxRuntime } from '../offline/runtime.ts';

/** The name of the head of household of a waiting proposal (it stays on this device). */
function headOf(proposal: unknown): string | undefined {
  const members = (proposal as { household?: { members?: { name?: unknown; relationship?: unknown }[] } })?.household
    ?.members;
  const head = members?.find((member) => member.relationship === 'kepala_keluarga') ?? members?.[0];
  return typeof head?.name === 'string' && head.name !== '' ? head.name : undefined;
}

const waitingPhotos = (item: OutboxItem): number =>
  (item.photos ?? []).filter((photo) => photo.documentId === undefined).length;

/** What waits on this device: `data-testid="outbox-count"` is the number of unsent drafts. */
export function Outbox({ runtime }: { runtime: OutboxRuntime }) {
  const tr = useT();
  const { t, lang } = tr;
  const items = useStore(runtime.items);
  useStore(runtime.online);
  const pending = items.filter((item) => item.state === 'pending').length;
  const rejected = items.filter((item) => item.state === 'rejected');
  return (
    <div class="outbox" aria-live="polite">
      <span class="sr-only">{t('outbox.label')}: </span>
      <span class={`pill${pending > 0 ? ' pill-warn' : ''}`} title={t('outbox.waiting', { count: pending })}>
        <span data-testid="outbox-count">{pending}</span>
        <span class="sr-only"> {t('outbox.waiting', { count: pending })}</span>
        <span aria-hidden="true"> ⇪</span>
      </span>
      {pending > 0 ? (
        <button type="button" class="btn btn-link" onClick={() => runtime.flushSoon()}>
          {t('outbox.sendNow')}
        </button>
      ) : null}
      {pending > 0 ? (
        <details class="outbox-pending" data-testid="outbox-pending">
          <summary>{t('outbox.list')}</summary>
          <ul>
            {items
              .filter((item) => item.state === 'pending')
              .map((item) => (
                <li key={item.clientId} data-testid="outbox-item">
                  <strong>{headOf(item.proposal) ?? t('outbox.unnamed')}</strong>
                  <span class="hint"> · {formatDateTime(item.createdAt, lang)}</span>
                  {waitingPhotos(item) > 0 ? (
                    <span class="hint" data-testid="outbox-item-photos">
                      {' '}
                      · {t('outbox.photos', { count: waitingPhotos(item) })}
                    </span>
                  ) : null}
                  {/* Once the proposal is on the server only its photos wait: nothing left to cancel here. */}
                  {item.proposalId === undefined ? (
                    <button
                      type="button"
                      class="btn btn-link"
                      onClick={() => {
                        if (window.confirm(t('outbox.cancelConfirm'))) void runtime.outbox.discard(item.clientId);
                      }}
                    >
                      {t('outbox.cancel')}
                    </button>
                  ) : null}
                </li>
              ))}
          </ul>
        </details>
      ) : null}
      {rejected.length > 0 ? (
        <details class="outbox-rejected">
          <summary>{t('outbox.rejected', { count: rejected.length })}</summary>
          <ul>
            {rejected.map((item) => (
              <li key={item.clientId}>
                <ul>
                  {(item.errors ?? []).map((error) => (
                    <li key={error.path}>
                      {fieldPathText(error.path.replace(/^proposal\./, ''), tr)}: {error.message}
                    </li>
                  ))}
                </ul>
                <button type="button" class="btn btn-link" onClick={() => void runtime.outbox.discard(item.clientId)}>
                  {t('outbox.discard')}
                </button>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
