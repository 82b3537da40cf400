import { useState } from 'preact/hooks';
import { ApiError, NetworkError } from '../api/errors.ts';
import { ErrorBanner, TextField } from '../components/fields.tsx';
import { errorText } from '../components/error-text.ts';
import { TotpEnrolmentView, type TotpEnrolment } from '../components/totp-enrolment.tsx';
import { useT } from '../i18n/use-t.ts';
import { consoleContext } from '../session.ts';

export function LoginPage() {
  const tr = useT();
  const { t } = tr;
  const { api, session } = consoleContext();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  // The second factor: asked for once the password was right (the gateway says so).
  const [askCode, setAskCode] = useState(false);
  const [code, setCode] = useState('');
  const [enrolment, setEnrolment] = useState<TotpEnrolment | undefined>();
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
      await api.login(username.trim(), password, askCode ? code.replace(/\s+/g, '') : undefined);
      setPassword('');
      setCode('');
    } catch (failure) {
      const problem = failure instanceof ApiError ? failure.problem : undefined;
      if (failure instanceof ApiError && failure.code === 'totp_required') {
        setAskCode(true);
        setError(askCode ? t('totp.invalid') : t('totp.required'));
      } else if (failure instanceof ApiError && failure.code === 'totp_invalid') {
        setAskCode(true);
        setCode('');
        setError(t('totp.invalid'));
      } else if (failure instanceof ApiError && failure.code === 'totp_enrolment_required') {
        setAskCode(true);
        setCode('');
        if (typeof problem?.['secret'] === 'string' && typeof problem['otpauthUri'] === 'string')
          setEnrolment({ secret: problem['secret'], otpauthUri: problem['otpauthUri'] });
        setError(t('totp.enrolRequired'));
      } else if (failure instanceof ApiError && failure.status === 401) {
        setAskCode(false);
        setEnrolment(undefined);
        setError(t('login.failed'));
      } else if (failure instanceof ApiError && (failure.status === 423 || failure.status === 429))
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
        {enrolment ? <TotpEnrolmentView enrolment={enrolment} /> : null}
        {askCode ? (
          <TextField
            id="login-totp"
            label={t('totp.code')}
            value={code}
            onInput={setCode}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={8}
            hint={t('totp.codeHint')}
            required
          />
        ) : null}
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </section>
  );
}
