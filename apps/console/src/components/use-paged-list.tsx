import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { useT } from '../i18n/use-t.ts';
import { consoleContext } from '../session.ts';
import { useAsync, type AsyncState } from './use-async.ts';

/** A page of a cursor-paginated list (`nextCursor` absent or null on the last page). */
interface ListPage<T> {
  items: T[];
  nextCursor?: string | null;
}

export interface PagedList<T> {
  /** Every item loaded so far, the first page first. */
  items: T[];
  /** The first page's loading state (error, loading). */
  first: AsyncState<ListPage<T>>;
  /** The "more" button, or nothing on the last page. */
  More: () => JSX.Element | null;
}

/**
 * A cursor-paginated list of `path` with `query` (reloaded from the first page when `deps`
 * change), and the button that loads the next page.
 */
export function usePagedList<T>(
  path: string,
  query: Readonly<Record<string, string>>,
  deps: readonly unknown[],
): PagedList<T> {
  const { t } = useT();
  const { api } = consoleContext();
  const [later, setLater] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const url = (after?: string): string => {
    const params = new URLSearchParams(Object.entries(query).filter(([, value]) => value !== ''));
    if (after) params.set('cursor', after);
    return `${path}?${params.toString()}`;
  };
  const first = useAsync(async () => {
    const page = await api.get<ListPage<T>>(url());
    setLater([]);
    setCursor(page.nextCursor ?? undefined);
    return page;
  }, deps);
  const more = async (): Promise<void> => {
    if (!cursor) return;
    const page = await api.get<ListPage<T>>(url(cursor));
    setLater((previous) => [...previous, ...page.items]);
    setCursor(page.nextCursor ?? undefined);
  };
  const More = () =>
    cursor ? (
      <button type="button" class="btn btn-secondary" onClick={() => void more()}>
        {t('app.more')}
      </button>
    ) : null;
  return { items: [...(first.data?.items ?? []), ...later], first, More };
}
