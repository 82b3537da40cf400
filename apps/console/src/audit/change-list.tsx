import { fieldPathText } from '../i18n/field-paths.ts';
import { useT } from '../i18n/use-t.ts';
import { displayValue } from '../lib/format.ts';
import type { Change } from './timeline.ts';

/** What an event changed, field by field in words ("from → to"); a forgotten person's values say so. */
export function ChangeList({ changes }: { changes: readonly Change[] | null | undefined }) {
  const tr = useT();
  const { t } = tr;
  if (!changes || changes.length === 0) return null;
  return (
    <ul class="changes" aria-label={t('audit.changes')}>
      {changes.map((change) => (
        <li key={change.path}>
          <span class="path">{fieldPathText(change.path, tr)}</span>:{' '}
          {change.forgotten ? (
            <em>{t('audit.forgotten')}</em>
          ) : (
            <>
              <del>{displayValue(change.from)}</del> → <ins>{displayValue(change.to)}</ins>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
