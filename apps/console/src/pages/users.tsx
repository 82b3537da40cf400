import { useState } from 'preact/hooks';
import { errorText } from '../components/error-text.ts';
import { ErrorBanner, Notice, SelectField, TextField } from '../components/fields.tsx';
import { useAsync } from '../components/use-async.ts';
import { useT } from '../i18n/use-t.ts';
import { consoleContext } from '../session.ts';
import type { PageProps } from './types.ts';

interface AdminUser {
  id: string;
  username: string;
  name: string;
  role: string;
  regionCode: string;
  disabled?: boolean;
  disabledAt?: string | null;
}

const ROLES = ['operator_desa', 'verifikator_kabkota', 'admin_kabkota', 'admin_provinsi', 'pusdatin', 'auditor'];

/** `/pengguna`: the gateway's users (admin kab/kota within its regency, pusdatin). */
export function UsersPage({ user }: PageProps) {
  const tr = useT();
  const { t, label } = tr;
  const { api } = consoleContext();
  const state = useAsync(async () => {
    const answer = await api.get<{ users: AdminUser[] }>('/v1/admin/users');
    return answer.users;
  }, []);
  const blank = { username: '', name: '', role: 'operator_desa', regionCode: user.regionCode, password: '' };
  const [form, setForm] = useState(blank);
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const set = (patch: Partial<typeof form>): void => setForm({ ...form, ...patch });
  const create = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(undefined);
    try {
      const { data } = await api.request<{ user: AdminUser; password?: string }>('POST', '/v1/admin/users', {
        json: {
          username: form.username,
          name: form.name,
          role: form.role,
          regionCode: form.regionCode,
          ...(form.password ? { password: form.password } : {}),
        },
      });
      setNotice(data.password ? `${t('users.created')} ${t('users.password')}: ${data.password}` : t('users.created'));
      setForm({ ...form, username: '', name: '', password: '' });
      state.reload();
    } catch (failure) {
      setError(errorText(failure, tr));
    }
  };
  const disable = async (id: string): Promise<void> => {
    try {
      await api.request('POST', `/v1/admin/users/${encodeURIComponent(id)}/disable`, { json: {} });
      state.reload();
    } catch (failure) {
      setError(errorText(failure, tr));
    }
  };
  return (
    <section>
      <h1>{t('users.title')}</h1>
      <ErrorBanner message={error ?? (state.error ? errorText(state.error, tr) : undefined)} />
      <Notice message={notice} />
      {state.data ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('users.username')}</th>
                <th scope="col">{t('users.name')}</th>
                <th scope="col">{t('users.role')}</th>
                <th scope="col">{t('users.region')}</th>
                <th scope="col">
                  <span class="sr-only">{t('users.disable')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {state.data.map((item) => (
                <tr key={item.id}>
                  <td>{item.username}</td>
                  <td>{item.name}</td>
                  <td>{label('role', item.role)}</td>
                  <td>{item.regionCode}</td>
                  <td>
                    {item.disabled || item.disabledAt ? (
                      t('users.disabled')
                    ) : item.id !== user.id ? (
                      <button type="button" class="btn btn-link" onClick={() => void disable(item.id)}>
                        {t('users.disable')} <span class="sr-only">{item.username}</span>
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <form class="card" onSubmit={(event) => void create(event)}>
        <h2>{t('users.create')}</h2>
        <div class="grid">
          <TextField
            id="user-username"
            label={t('users.username')}
            value={form.username}
            onInput={(username) => set({ username })}
          />
          <TextField id="user-name" label={t('users.name')} value={form.name} onInput={(name) => set({ name })} />
          <SelectField
            id="user-role"
            label={t('users.role')}
            value={form.role}
            options={ROLES.map((value) => ({ value, label: label('role', value) }))}
            onChange={(role) => set({ role })}
            placeholder=""
          />
          <TextField
            id="user-region"
            label={t('users.region')}
            value={form.regionCode}
            onInput={(regionCode) => set({ regionCode })}
          />
          <TextField
            id="user-password"
            label={t('users.password')}
            type="password"
            autoComplete="new-password"
            value={form.password}
            onInput={(password) => set({ password })}
          />
        </div>
        <button type="submit" class="btn btn-primary">
          {t('users.create')}
        </button>
      </form>
    </section>
  );
}
