import type { JsonValue, RecordedEvent } from '@siks/contracts';
import { maskNik } from '@siks/pii';
import {
  discloseRecord,
  IDENTITY_KEYS,
  maskIdentityNumbers,
  WITHHELD_KEYS,
  type Disclosure,
} from '@siks/service-kit/access';
import type { CreatedProposal } from './create.ts';
import type { ExistingProposal } from './state.ts';

/** A copy of `value` with every identity number masked (`5202••••••••0001`): the shared policy. */
export { maskIdentityNumbers };

/**
 * A changed value as a reader with `disclosure` may see it: identity numbers masked for everyone
 * (a history is not where a full NIK is read); for a `masked` reader a withheld field (birth
 * date, address, …) is left out (undefined).
 */
export function maskChangeValue(
  path: string,
  value: JsonValue,
  disclosure: Disclosure = 'full',
): JsonValue | undefined {
  const last = path.split('.').at(-1) ?? '';
  if (disclosure === 'masked' && WITHHELD_KEYS.has(last)) return undefined;
  if (IDENTITY_KEYS.has(last) && typeof value === 'string') return maskNik(value);
  return discloseRecord(maskIdentityNumbers(value), disclosure);
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
 * The whole proposal for a caller in scope, personal data opened as the caller's `disclosure`
 * allows (`content` null when it was erased): the detail view of `GET /v1/intake/proposals/:id`.
 */
export function detailView(state: ExistingProposal, recorded: readonly RecordedEvent[], disclosure: Disclosure) {
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
    content: state.content === null ? null : discloseRecord(state.content, disclosure),
  };
}

/** `ETag` of a revision, and the revision an `If-Match`/`If-None-Match` names (undefined: not ours). */
export const etagOf = (revision: number): string => `"${revision}"`;

export function revisionOfEtag(header: string): number | undefined {
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  return match ? Number(match[1]) : undefined;
}
