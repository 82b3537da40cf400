import { DocumentKind } from '@siks/contracts';
import { z } from 'zod';
import { UploadFieldError, type UploadFieldIssue } from './errors.ts';

/** The form fields of an upload, besides `file`. */
export interface UploadFields {
  kind?: DocumentKind;
  proposalId?: string;
}

const ProposalId = z.uuid();
const SAFE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * Takes one form field into `fields`, or throws `UploadFieldError` for an unknown, repeated,
 * truncated or invalid one. An unknown field's name is echoed only when it is plain ASCII.
 */
export function acceptField(
  fields: UploadFields,
  name: string,
  value: unknown,
  truncated: boolean,
  maxSize: number,
): void {
  const fail = (issue: UploadFieldIssue): never => {
    throw new UploadFieldError([issue]);
  };
  if (name !== 'kind' && name !== 'proposalId') {
    const path = SAFE_NAME.test(name) ? name : '(field)';
    fail({ path, code: 'unrecognized_keys', params: { keys: path } });
  }
  const key = name as keyof UploadFields;
  if (fields[key] !== undefined) fail({ path: key, code: 'duplicate' });
  if (truncated) fail({ path: key, code: 'too_big_string', params: { maximum: maxSize } });
  const text = typeof value === 'string' ? value.trim() : '';
  if (key === 'kind') {
    const kind = DocumentKind.safeParse(text);
    if (!kind.success)
      fail({ path: 'kind', code: 'invalid_value', params: { values: DocumentKind.options.join(', ') } });
    else fields.kind = kind.data;
  } else {
    const id = ProposalId.safeParse(text);
    if (!id.success) fail({ path: 'proposalId', code: 'invalid_format', params: { format: 'uuid' } });
    else fields.proposalId = id.data;
  }
}

/** Throws `UploadFieldError` naming every required part that never came. */
export function requireParts(
  fields: UploadFields,
  hasFile: boolean,
): asserts fields is UploadFields & { kind: DocumentKind } {
  const issues: UploadFieldIssue[] = [];
  if (!hasFile) issues.push({ path: 'file', code: 'required' });
  if (fields.kind === undefined) issues.push({ path: 'kind', code: 'required' });
  if (issues.length > 0) throw new UploadFieldError(issues);
}
