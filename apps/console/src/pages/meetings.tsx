import { useState } from 'preact/hooks';
import { errorText } from '../components/error-text.ts';
import { ErrorBanner, SelectField, TextField } from '../components/fields.tsx';
import { useAsync } from '../components/use-async.ts';
import { useT } from '../i18n/use-t.ts';
import { navigate, routePath } from '../lib/router.ts';
import type { MeetingListItem, MeetingView } from '../meetings/types.ts';
import { consoleContext } from '../session.ts';
import type { PageProps } from './types.ts';
import { BlankMeetingForms } from '../components/print-buttons.tsx';

/** `/musyawarah`: record a village meeting; the village's meetings. */
export function MeetingsPage({ user }: PageProps) {
  const tr = useT();
  const { t, lang } = tr;
  const { api } = consoleContext();
  const list = useAsync(() => api.get<{ items: MeetingListItem[] }>('/v1/intake/meetings').then((a) => a.items), []);
  const [kind, setKind] = useState(user.regionCode.split('.')[3]?.startsWith('1') ? 'muskel' : 'musdes');
  const [date, setDate] = useState('');
  const [number, setNumber] = useState('');
  const [place, setPlace] = useState('');
  const [attendees, setAttendees] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const record = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const { data } = await api.request<MeetingView>('POST', '/v1/intake/meetings', {
        json: { kind, date, number, place, attendeeCount: Number(attendees) },
      });
      navigate(routePath('meeting', { id: data.meetingId }));
    } catch (failure) {
      setError(errorText(failure, tr));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <h1>{t('meeting.title')}</h1>
      {user.role === 'operator_desa' ? (
        <form class="card" data-testid="meeting-form" onSubmit={(event) => void record(event)}>
          <h2>{t('meeting.new')}</h2>
          <SelectField
            id="meeting-kind"
            label={t('meeting.kind')}
            value={kind}
            options={['musdes', 'muskel'].map((value) => ({
              value,
              label: t(`meeting.kind.${value}` as 'meeting.kind.musdes'),
            }))}
            onChange={setKind}
            placeholder=""
          />
          <TextField id="meeting-date" label={t('meeting.date')} type="date" value={date} onInput={setDate} required />
          <TextField
            id="meeting-number"
            label={t('meeting.number')}
            value={number}
            onInput={setNumber}
            maxLength={100}
            required
          />
          <TextField
            id="meeting-place"
            label={t('meeting.place')}
            value={place}
            onInput={setPlace}
            maxLength={200}
            required
          />
          <TextField
            id="meeting-attendees"
            label={t('meeting.attendees')}
            value={attendees}
            onInput={setAttendees}
            inputMode="numeric"
            required
          />
          <button type="submit" class="btn btn-primary" disabled={busy} data-testid="meeting-record">
            {t('meeting.record')}
          </button>
          <ErrorBanner message={error} />
          <BlankMeetingForms kind={kind} />
        </form>
      ) : null}
      <h2>{t('meeting.list')}</h2>
      <ErrorBanner message={list.error ? errorText(list.error, tr) : undefined} />
      {list.data && list.data.length === 0 ? <p>{t('app.none')}</p> : null}
      {list.data && list.data.length > 0 ? (
        <div class="table-wrap">
          <table data-testid="meeting-list">
            <thead>
              <tr>
                <th scope="col">{t('meeting.date')}</th>
                <th scope="col">{t('meeting.number')}</th>
                <th scope="col">{t('meeting.kind')}</th>
                <th scope="col">{t('meeting.place')}</th>
                <th scope="col" class="num">
                  {t('meeting.attendees')}
                </th>
                <th scope="col" class="num">
                  {t('meeting.documents')}
                </th>
                <th scope="col" class="num">
                  {t('meeting.proposals')}
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((item) => (
                <tr key={item.meetingId}>
                  <td>{new Date(`${item.date}T00:00:00`).toLocaleDateString(lang === 'id' ? 'id-ID' : 'en-GB')}</td>
                  <td>
                    <a href={routePath('meeting', { id: item.meetingId })}>{item.number}</a>
                  </td>
                  <td>{t(`meeting.kind.${item.kind}` as 'meeting.kind.musdes')}</td>
                  <td>{item.place}</td>
                  <td class="num">{item.attendeeCount}</td>
                  <td class="num">{item.documents}</td>
                  <td class="num">{item.proposals}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
