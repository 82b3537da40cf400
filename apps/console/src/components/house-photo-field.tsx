import { useRef } from 'preact/hooks';
import { useT } from '../i18n/use-t.ts';
import { FieldShell } from './fields.tsx';

/**
 * The house photo of a new proposal: taken with the camera or picked. The file is kept as it
 * is (never re-encoded), so its EXIF GPS position — the geotag the document service reads, as
 * on the proposal page — travels with it, through the outbox too.
 */
export function HousePhotoField({ photo, onChange }: { photo: File | undefined; onChange: (photo?: File) => void }) {
  const { t } = useT();
  const input = useRef<HTMLInputElement>(null);
  return (
    <FieldShell id="proposal-photo" label={t('photo.label')} hint={t('photo.hint')} wide>
      <input
        id="proposal-photo"
        ref={input}
        type="file"
        accept="image/*"
        capture="environment"
        data-testid="proposal-photo"
        aria-describedby="proposal-photo-hint"
        onChange={(event) => onChange(event.currentTarget.files?.[0])}
      />
      {photo ? (
        <p class="hint" data-testid="proposal-photo-chosen">
          {t('photo.chosen', { name: photo.name })}{' '}
          <button
            type="button"
            class="btn btn-link"
            onClick={() => {
              if (input.current) input.current.value = '';
              onChange(undefined);
            }}
          >
            {t('photo.remove')}
          </button>
        </p>
      ) : null}
    </FieldShell>
  );
}
