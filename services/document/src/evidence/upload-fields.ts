import { DocumentKind } from '@siks/contracts';
import { z } from 'zod';
import { UploadFieldError, type UploadFieldIssue } from './errors.ts';

/** Channels a document can arrive through: the console, or a field survey device's sync. */
export const UploadChannel = z.enum(['operator', 'field']);
export type UploadChannel = z.infer<typeof UploadChannel>;

/** The form fields of an upload, besides `file`. */
export interface UploadFields {
  kind?: DocumentKind;
  proposalId?: string;
  /** The village the document belongs to (`PP.KK.CC.DDDD`); the service may default it. */
  regionCode?: string;
  channel?: UploadChannel;
}

/** Names of the form fields an upload may carry, besides `file`. */
export const UPLOAD_FIELD_NAMES = ['kind', 'proposalId', 'regionCode', 'channel'] as const;
type FieldName = (typeof UPLOAD_FIELD_NAMES)[number];

const ProposalId = z.uuid();
const VillageCode = /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/;
const SAFE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const isFieldName = (name: string): name is FieldName => (UPLOAD_FIELD_NAMES as readonly string[]).includes(name);

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
  if (!isFieldName(name)) {
    const path = SAFE_NAME.test(name) ? name : '(field)';
    return fail({ path, code: 'unrecognized_keys', params: { keys: path } });
  }
  if (fields[name] !== undefined) fail({ path: name, code: 'duplicate' });
  if (truncated) fail({ path: name, code: 'too_big_string', params: { maximum: maxSize } });
  const text = typeof value === 'string' ? value.trim() : '';
  switch (name) {
    case 'kind': {
      const kind = DocumentKind.safeParse(text);
      if (!kind.success)
        fail({ path: name, code: 'invalid_value', params: { values: DocumentKind.options.join(', ') } });
      else fields.kind = kind.data;
      return;
    }
    case 'proposalId': {
      const id = ProposalId.safeParse(text);
      if (!id.success) fail({ path: name, code: 'invalid_format', params: { format: 'uuid' } });
      else fields.proposalId = id.data;
      return;
    }
    case 'regionCode':
      if (!VillageCode.test(text)) fail({ path: name, code: 'invalid_format', params: { format: 'PP.KK.CC.DDDD' } });
      fields.regionCode = text;
      return;
    case 'channel': {
      const channel = UploadChannel.safeParse(text);
      if (!channel.success)
        fail({ path: name, code: 'invalid_value', params: { values: UploadChannel.options.join(', ') } });
      else fields.channel = channel.data;
      return;
    }
    default: {
      const unreachable: never = name;
      throw new Error(`unhandled field ${String(unreachable)}`);
    }
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
