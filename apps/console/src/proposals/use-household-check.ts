import { useEffect, useMemo, useState } from 'preact/hooks';
import { fetchRegion } from '../api/regions.ts';
import { useT } from '../i18n/use-t.ts';
import { consoleContext } from '../session.ts';
import { checkHousehold, districtsOf, type FormCheck, type HouseholdDraft } from './form-model.ts';

const today = (): string => {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
};

/**
 * Checks the household as the user types (services' rules), plus the district prefix of every
 * 16-digit NIK/KK against the gateway's region list (a warning only; unknown offline).
 */
export function useHouseholdCheck(draft: HouseholdDraft): FormCheck {
  const { lang } = useT();
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
  return useMemo(
    () => checkHousehold(draft, { lang, today: today(), unknownDistricts: unknown }),
    [draft, lang, unknown],
  );
}
