import { useEffect, useMemo, useState } from 'preact/hooks';
import { fetchRegion } from '../api/regions.ts';
import { useT } from '../i18n/use-t.ts';
import type { ApiClient } from '../api/client.ts';
import { consoleContext } from '../session.ts';
import { checkHousehold, districtsOf, type FormCheck, type HouseholdDraft } from './form-model.ts';

const today = (): string => {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
};

/** What the registry answered for a NIK (one ask per NIK and page load: each ask is recorded). */
interface NikStatus {
  registered: boolean;
  inScope: boolean;
}
const nikStatuses = new Map<string, Promise<NikStatus | undefined>>();

function nikStatus(api: ApiClient, nik: string): Promise<NikStatus | undefined> {
  let found = nikStatuses.get(nik);
  if (!found) {
    // Offline or refused: no warning (the verification's duplicate check still runs).
    found = api
      .request<NikStatus>('POST', '/v1/registry/nik-check', { json: { nik } })
      .then((answer) => answer.data)
      .catch(() => {
        nikStatuses.delete(nik);
        return undefined;
      });
    nikStatuses.set(nik, found);
  }
  return found;
}

/**
 * Checks the household as the user types (services' rules), plus the district prefix of every
 * 16-digit NIK/KK against the gateway's region list (a warning only; unknown offline).
 */
export function useHouseholdCheck(draft: HouseholdDraft): FormCheck {
  const { lang, t } = useT();
  const { api } = consoleContext();
  const [unknown, setUnknown] = useState<ReadonlySet<string>>(new Set());
  const districts = districtsOf(draft).join(',');
  useEffect(() => {
    let live = true;
    const codes = districts === '' ? [] : districts.split(',');
    void Promise.all(
      codes.map((code) =>
        fetchRegion(api, code).then(
          (region) => (region === null ? code : undefined),
          () => undefined,
        ),
      ),
    ).then((missing) => {
      if (live) setUnknown(new Set(missing.filter((code): code is string => code !== undefined)));
    });
    return () => {
      live = false;
    };
  }, [districts]);
  // A well-formed NIK already active in a registered household: said at once, without where.
  const [registered, setRegistered] = useState<ReadonlyMap<string, NikStatus>>(new Map());
  const niks = draft.members
    .map((member) => member.nik.trim())
    .filter((nik) => /^\d{16}$/.test(nik))
    .join(',');
  useEffect(() => {
    let live = true;
    const list = niks === '' ? [] : niks.split(',');
    void Promise.all(list.map(async (nik) => [nik, await nikStatus(api, nik)] as const)).then((answers) => {
      if (!live) return;
      const next = new Map<string, NikStatus>();
      for (const [nik, status] of answers) if (status?.registered) next.set(nik, status);
      setRegistered(next);
    });
    return () => {
      live = false;
    };
  }, [niks]);
  return useMemo(() => {
    const check = checkHousehold(draft, { lang, today: today(), unknownDistricts: unknown });
    draft.members.forEach((member, index) => {
      const status = registered.get(member.nik.trim());
      const path = `household.members.${index}.nik`;
      if (!status || check.errors[path]) return;
      check.warnings[path] = t(status.inScope ? 'form.nikRegisteredHere' : 'form.nikRegisteredElsewhere');
    });
    return check;
  }, [draft, lang, unknown, registered]);
}
