import { useState } from 'preact/hooks';
import { useT } from '../i18n/use-t.ts';
import { consoleContext } from '../session.ts';
import { errorText } from './error-text.ts';

/**
 * Download links of a channel's import template and column guide. The file comes with the bearer
 * token (a plain link would carry none), then is saved through a temporary object URL.
 */
export function TemplateLinks({ channel }: { channel: string }) {
  const tr = useT();
  const { t } = tr;
  const { api } = consoleContext();
  const [error, setError] = useState<string | undefined>();
  const download = async (guide: boolean): Promise<void> => {
    setError(undefined);
    try {
      const blob = await api.blob(
        `/v1/intake/imports/templates/${encodeURIComponent(channel)}${guide ? '?guide=true' : ''}`,
      );
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `${guide ? 'panduan' : 'templat'}-${channel}.csv`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (failure) {
      setError(errorText(failure, tr));
    }
  };
  return (
    <p class="hint" data-testid="import-templates">
      <button type="button" class="btn btn-link" data-testid="template-download" onClick={() => void download(false)}>
        {t('template.download')}
      </button>
      {' · '}
      <button type="button" class="btn btn-link" onClick={() => void download(true)}>
        {t('template.guide')}
      </button>
      {error ? <span class="error"> {error}</span> : null}
    </p>
  );
}
