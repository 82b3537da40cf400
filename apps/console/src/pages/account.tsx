import { useState } from 'preact/hooks';
import { ApiError } from '../api/errors.ts';
import { errorText } from '../components/error-text.ts';
import { ErrorBanner, Notice, TextField } from '../components/fields.tsx';
import { TotpSettings } from '../components/totp-settings.tsx';
import { useT } from '../i18n/use-t.ts';
import { consoleContext } from '../session.ts';
import type { PageProps } from './types.ts';

/** The gateway's minimum (services/gateway/src/auth/password.ts); the gateway checks it again. */
const MIN_LENGTH = 10;

/** `/akun`: the signed-in person changes their own password (every other session of theirs ends). */
export function AccountPage({ user }: PageProps) {
  const tr = useT();
  const { t, label } = tr;
  const { api } = consoleContext();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const send = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBanner(undefined);
    setNotice(undefined);
    const found: Record<string, string> = {};
    if (current === '') found['current'] = t('account.required');
    if (next.length < MIN_LENGTH) found['next'] = t('account.tooShort', { min: MIN_LENGTH });
    else if (next === current) found['next'] = t('account.unchanged');
    if (again !== next) found['again'] = t('account.mismatch');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await api.changePassword(current, next);
      setCurrent('');
      setNext('');
      setAgain('');
      setNotice(t('account.changed'));
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) setErrors({ current: t('account.wrongCurrent') });
      else if (failure instanceof ApiError && (failure.status === 423 || failure.status === 429))
        setBanner(t('login.locked', { seconds: failure.headers.get('retry-after') ?? '60' }));
      else setBanner(errorText(failure, tr));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="narrow">
      <h1>{t('account.title')}</h1>
      <p>
        {user.name} · {label('role', user.role)}
      </p>
      <form data-testid="password-form" onSubmit={(event) => void send(event)} noValidate>
        <ErrorBanner message={banner} />
        <Notice message={notice} />
        <TextField
          id="account-current"
          label={t('account.current')}
          type="password"
          autoComplete="current-password"
          value={current}
          onInput={setCurrent}
          error={errors['current']}
        />
        <TextField
          id="account-new"
          label={t('account.new')}
          type="password"
          autoComplete="new-password"
          value={next}
          onInput={setNext}
          error={errors['next']}
          hint={t('account.tooShort', { min: MIN_LENGTH })}
        />
        <TextField
          id="account-again"
          label={t('account.again')}
          type="password"
          autoComplete="new-password"
          value={again}
          onInput={setAgain}
          error={errors['again']}
        />
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {t('account.save')}
        </button>
      </form>
      {/* Administrators only: the section renders nothing for other roles. */}
      <TotpSettings />
    </section>
  );
}
