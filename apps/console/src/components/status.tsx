import { useT } from '../i18n/use-t.ts';

/** A proposal or case status as a coloured label. */
export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  const { label } = useT();
  return (
    <span class={`status status-${status}`} data-testid={testId} data-status={status}>
      {label('status', status)}
    </span>
  );
}
