import { useEffect, useState } from 'preact/hooks';
import { fetchProvinces, fetchRegion } from '../../api/regions.ts';
import { SelectField } from '../../components/fields.tsx';
import { useT } from '../../i18n/use-t.ts';
import { consoleContext } from '../../session.ts';

const LEVELS = ['province', 'regency', 'district', 'village'] as const;

/**
 * Province → regency → district → village, each list loaded when the one above is chosen
 * (the public region list, `GET /v1/regions/:code`). Calls `onChange` with the village code, or
 * '' while none is chosen.
 */
export function VillagePicker({
  idPrefix,
  onChange,
  error,
}: {
  idPrefix: string;
  onChange: (villageCode: string) => void;
  error?: string | undefined;
}) {
  const { t } = useT();
  const { api } = consoleContext();
  const [chosen, setChosen] = useState<string[]>([]);
  const [lists, setLists] = useState<{ value: string; label: string }[][]>([]);

  // The list of each level below the chosen ones; the top one is the country's provinces.
  useEffect(() => {
    const parent = chosen.length === 0 ? '' : (chosen[chosen.length - 1] ?? '');
    if (chosen.length >= LEVELS.length) return;
    const load =
      parent === '' ? fetchProvinces(api) : fetchRegion(api, parent).then((region) => region ?? { children: [] });
    let live = true;
    load.then(
      (region) => {
        if (!live) return;
        const options = region.children.map((child) => ({ value: child.code, label: child.name }));
        setLists((current) => [...current.slice(0, chosen.length), options]);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [chosen.join('|')]);

  const choose = (level: number, code: string): void => {
    const next = [...chosen.slice(0, level), ...(code === '' ? [] : [code])];
    setChosen(next);
    setLists((current) => current.slice(0, level + 1));
    onChange(next.length === LEVELS.length ? (next[LEVELS.length - 1] ?? '') : '');
  };

  return (
    <fieldset class="village-picker">
      {LEVELS.map((level, index) =>
        index <= chosen.length && lists[index] ? (
          <SelectField
            key={level}
            id={`${idPrefix}-${level}`}
            label={t(`village.${level}`)}
            value={chosen[index] ?? ''}
            options={lists[index] ?? []}
            onChange={(code) => choose(index, code)}
            required
            error={index === LEVELS.length - 1 || index === chosen.length ? error : undefined}
          />
        ) : null,
      )}
    </fieldset>
  );
}
