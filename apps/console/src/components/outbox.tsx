import { useT } from '../i18n/use-t.ts';
import { useStore } from '../lib/use-store.ts';
import type { OutboxRuntime } from '../offline/runtime.ts';

/** What waits on this device: `data-testid="outbox-count"` is the number of unsent drafts. */
export function Outbox({ runtime }: { runtime: OutboxRuntime }) {
  const { t } = useT();
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
      {rejected.length > 0 ? (
        <details class="outbox-rejected">
          <summary>{t('outbox.rejected', { count: rejected.length })}</summary>
          <ul>
            {rejected.map((item) => (
              <li key={item.clientId}>
                <ul>
                  {(item.errors ?? []).map((error) => (
                    <li key={error.path}>
                      <code>{error.path}</code>: {error.message}
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
