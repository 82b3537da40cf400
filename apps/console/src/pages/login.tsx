import { useState } from 'preact/hooks';
import { ApiError, NetworkError } from '../api/errors.ts';
import { ErrorBanner, TextField } from '../components/fields.tsx';
import { errorText } from '../components/error-text.ts';
import { useT } from '../i18n/use-t.ts';
import { consoleContext } from '../session.ts';

export function LoginPage() {
  const tr = useT();
  const { t } = tr;
  const { api, session } = consoleContext();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(
    session.get().status === 'anonymous' && (session.get() as { reason?: string }).reason === 'lost'
      ? t('error.sessionLost')
      : undefined,
  );

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.login(username.trim(), password);
      setPassword('');
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) setError(t('login.failed'));
      else if (failure instanceof ApiError && (failure.status === 423 || failure.status === 429))
        setError(t('login.locked', { seconds: failure.headers.get('retry-after') ?? '60' }));
      else if (failure instanceof NetworkError) setError(t('login.offline'));
      else setError(errorText(failure, tr));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="narrow">
      <h1>{t('login.title')}</h1>
      <p>{t('login.intro')}</p>
      <form data-testid="login-form" onSubmit={(event) => void submit(event)} noValidate>
        <ErrorBanner message={error} />
        <TextField
          id="login-username"
          label={t('login.username')}
          value={username}
          onInput={setUsername}
          autoComplete="username"
          required
        />
        <TextField
          id="login-password"
          label={t('login.password')}
          type="password"
          value={password}
          onInput={setPassword}
          autoComplete="current-password"
          required
        />
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </section>
  );
}
