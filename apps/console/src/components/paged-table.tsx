import type { ComponentChildren } from 'preact';
import { useT } from '../i18n/use-t.ts';
import { errorText } from './error-text.ts';
import { ErrorBanner } from './fields.tsx';
import type { PagedList } from './use-paged-list.tsx';

export interface Column {
  label: string;
  /** Right-aligned numbers. */
  num?: boolean;
}

/**
 * A cursor-paged list as a table that stacks into labelled rows on a phone (`table.stack`; each
 * cell carries its `data-label`): the first page's error, "loading" and "none", the table with
 * `columns` around the rows given as children, and the "more" button.
 */
export function PagedTable({
  list,
  columns,
  children,
}: {
  list: PagedList<unknown>;
  columns: readonly Column[];
  children: ComponentChildren;
}) {
  const tr = useT();
  const { first, items, More } = list;
  return (
    <>
      <ErrorBanner message={first.error ? errorText(first.error, tr) : undefined} />
      {first.loading && items.length === 0 ? <p aria-busy="true">{tr.t('app.loading')}</p> : null}
      {first.data && items.length === 0 ? <p>{tr.t('app.none')}</p> : null}
      {items.length > 0 ? (
        <div class="table-wrap">
          <table class="stack">
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column.label} scope="col" class={column.num ? 'num' : undefined}>
                    {column.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{children}</tbody>
          </table>
        </div>
      ) : null}
      <More />
    </>
  );
}
