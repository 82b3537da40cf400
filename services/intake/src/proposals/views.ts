import type { JsonValue, RecordedEvent } from '@siks/contracts';
import { maskNik } from '@siks/pii';
import type { CreatedProposal } from './create.ts';
import type { ExistingProposal } from './state.ts';

/** Keys whose values are identity numbers: masked wherever a view must not show them whole. */
const IDENTITY_KEYS: ReadonlySet<string> = new Set(['nik', 'oldNik', 'newNik', 'kkNumber']);

/** A copy of `value` with every identity number masked (`5202••••••••0001`). */
export function maskIdentityNumbers(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(maskIdentityNumbers);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(value))
      out[key] = IDENTITY_KEYS.has(key) && typeof item === 'string' ? maskNik(item) : maskIdentityNumbers(item);
    return out;
  }
  return value;
}

/** Masks a changed value when its path ends at an identity number, or anything below it. */
export function maskChangeValue(path: string, value: JsonValue): JsonValue {
  const last = path.split('.').at(-1) ?? '';
  if (IDENTITY_KEYS.has(last) && typeof value === 'string') return maskNik(value);
  return maskIdentityNumbers(value);
}

/** The answer to a creation (no personal data). */
export function createdView(created: CreatedProposal, proposalType: string, regionCode: string, channel: string) {
  return {
    proposalId: created.proposalId,
    proposalType,
    regionCode,
    channel,
    status: created.status,
    revision: created.revision,
    ...(created.deferredUntil !== undefined ? { deferredUntil: created.deferredUntil } : {}),
  };
}

/** The state of a proposal after a command (no personal data). */
export function statusView(state: ExistingProposal) {
  return {
    proposalId: state.proposalId,
    proposalType: state.proposalType,
    regionCode: state.regionCode,
    channel: state.channel,
    status: state.status,
    revision: state.revision,
    ...(state.deferredUntil !== undefined ? { deferredUntil: state.deferredUntil } : {}),
  };
}

/**
 * The whole proposal for a caller in scope, personal data opened (`content` null when it was
 * erased): the detail view of `GET /v1/intake/proposals/:id`.
 */
export function detailView(state: ExistingProposal, recorded: readonly RecordedEvent[]) {
  return {
    ...statusView(state),
    createdBy: { userId: state.createdBy.userId, role: state.createdBy.role },
    createdAt: recorded[0]?.metadata.occurredAt,
    updatedAt: recorded.at(-1)?.metadata.occurredAt,
    amendments: state.amendments,
    ...(state.clientId !== undefined ? { clientId: state.clientId } : {}),
    ...(state.source !== undefined ? { source: state.source } : {}),
    ...(state.returned ? { returned: { reason: state.returned.reason, fields: state.returned.fields } } : {}),
    ...(state.verificationCaseId !== undefined ? { verificationCaseId: state.verificationCaseId } : {}),
    content: state.content,
  };
}

/** `ETag` of a revision, and the revision an `If-Match`/`If-None-Match` names (undefined: not ours). */
export const etagOf = (revision: number): string => `"${revision}"`;

export function revisionOfEtag(header: string): number | undefined {
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  return match ? Number(match[1]) : undefined;
}
