import type { FieldIssue, ProposalContent } from '@siks/contracts';

/**
 * Applies an amendment's `set` (content path → new value; `null` removes an optional field
 * or an array element) to the current content. The result is NOT validated here: parse it
 * again with the contract and validate.ts, then hand it to `AmendProposal`. Paths may only
 * reach into existing objects, existing array elements, or one past an array's end (append).
 */
export type PatchOutcome = { ok: true; content: unknown } | { ok: false; issues: FieldIssue[] };

const IMMUTABLE = new Set(['type']);

export function applySet(content: ProposalContent, set: Readonly<Record<string, unknown>>): PatchOutcome {
  let result: unknown = structuredClone(content);
  const issues: FieldIssue[] = [];
  // Removals of array elements go last and from the highest index, so indexes stay meaningful.
  const entries = Object.entries(set).sort(([pathA, a], [pathB, b]) => {
    const removalA = a === null ? 1 : 0;
    const removalB = b === null ? 1 : 0;
    return removalA - removalB || (removalA === 1 ? pathB.localeCompare(pathA, 'en', { numeric: true }) : 0);
  });
  for (const [path, value] of entries) {
    const segments = path.split('.');
    if (segments.length === 0 || segments.some((segment) => segment === '') || IMMUTABLE.has(segments[0] ?? '')) {
      issues.push({ path, code: 'patch.immutable' });
      continue;
    }
    const next = assign(result, segments, value === null ? undefined : structuredClone(value));
    if (next === NOT_FOUND) issues.push({ path, code: 'patch.not_found' });
    else result = next;
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, content: result };
}

const NOT_FOUND = Symbol('not found');

function assign(target: unknown, segments: readonly string[], value: unknown): unknown {
  const [head, ...rest] = segments;
  if (head === undefined) return value;
  if (Array.isArray(target)) {
    if (!/^\d+$/.test(head)) return NOT_FOUND;
    const index = Number(head);
    if (index > target.length || (index === target.length && (rest.length > 0 || value === undefined)))
      return NOT_FOUND;
    if (rest.length === 0 && value === undefined) return target.filter((_, i) => i !== index);
    const child = assign(target[index], rest, value);
    if (child === NOT_FOUND) return NOT_FOUND;
    const copy = [...target];
    copy[index] = child;
    return copy;
  }
  if (typeof target === 'object' && target !== null) {
    const record = target as Record<string, unknown>;
    if (rest.length > 0 && !Object.hasOwn(record, head)) return NOT_FOUND;
    const child = rest.length === 0 ? value : assign(record[head], rest, value);
    if (child === NOT_FOUND) return NOT_FOUND;
    const copy = { ...record };
    if (child === undefined) delete copy[head];
    else copy[head] = child;
    return copy;
  }
  return NOT_FOUND;
}
