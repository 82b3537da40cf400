import { fetchRegion } from '../api/regions.ts';
import { consoleContext } from '../session.ts';
import { useAsync } from './use-async.ts';

/** A region by name with its code in small print (the code alone while loading or when unknown). */
export function RegionName({ code }: { code: string }) {
  const { api } = consoleContext();
  const region = useAsync(() => fetchRegion(api, code), [code]);
  const name = region.data?.name;
  return name ? (
    <span>
      {name} <span class="hint">{code}</span>
    </span>
  ) : (
    <span>{code}</span>
  );
}
