import { FieldBatchRecord, parseWithIssues, type FieldIssue } from '@siks/contracts';
import { validateContent, type ValidationDeps } from './validate.ts';

export type FieldBatchItem =
  | { index: number; ok: true; record: FieldBatchRecord; warnings: FieldIssue[] }
  | { index: number; ok: false; clientId?: string; errors: FieldIssue[] };

/**
 * Checks each record of a field batch on its own (one bad record does not sink the others):
 * the contract, the domain rules, and a client id used twice in the batch (the later one is
 * refused). Paths are prefixed `records.<index>.`. Idempotency across retries is the
 * caller's: derive the proposal id from the client id.
 */
export function checkFieldBatch(records: readonly unknown[], deps: ValidationDeps): FieldBatchItem[] {
  const seen = new Set<string>();
  return records.map((input, index): FieldBatchItem => {
    const prefix = `records.${index}`;
    const parsed = parseWithIssues(FieldBatchRecord, input, ['records', index]);
    if (!parsed.ok) {
      const clientId = readClientId(input);
      return { index, ok: false, ...(clientId !== undefined ? { clientId } : {}), errors: parsed.issues };
    }
    const record = parsed.data;
    if (seen.has(record.clientId))
      return {
        index,
        ok: false,
        clientId: record.clientId,
        errors: [{ path: `${prefix}.clientId`, code: 'batch.client_id_repeated' }],
      };
    seen.add(record.clientId);
    const report = validateContent(record.proposal, deps);
    const withPrefix = (issue: FieldIssue) => ({ ...issue, path: `${prefix}.proposal.${issue.path}` });
    if (report.errors.length > 0)
      return { index, ok: false, clientId: record.clientId, errors: report.errors.map(withPrefix) };
    return { index, ok: true, record, warnings: report.warnings.map(withPrefix) };
  });
}

/** The client id of a record that failed the contract, when it is at least a sane string. */
function readClientId(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const value = (input as Record<string, unknown>)['clientId'];
  return typeof value === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/.test(value) ? value : undefined;
}
