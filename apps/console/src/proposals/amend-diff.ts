/**
 * The `set` of an amendment (`PATCH /v1/intake/proposals/:id`): content paths whose value
 * changed between the stored household and the edited one. `null` removes an optional field.
 * Members are compared one by one when their number stays; otherwise the list is set whole.
 */
export function amendmentSet(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  prefix = 'household',
): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    const from = before[key];
    const to = after[key];
    if (same(from, to)) continue;
    const path = `${prefix}.${key}`;
    if (to === undefined) {
      set[path] = null;
      continue;
    }
    if (key === 'members' && Array.isArray(from) && Array.isArray(to) && from.length === to.length) {
      to.forEach((member, index) => {
        const old = from[index];
        if (same(old, member)) return;
        if (isRecord(old) && isRecord(member)) Object.assign(set, amendmentSet(old, member, `${path}.${index}`));
        else set[`${path}.${index}`] = member;
      });
      continue;
    }
    if (key === 'address' && isRecord(from) && isRecord(to)) {
      Object.assign(set, amendmentSet(from, to, path));
      continue;
    }
    set[path] = to;
  }
  return set;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Structural equality of JSON values (key order ignored). */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => same(item, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) if (!same(a[key], b[key])) return false;
    return true;
  }
  return false;
}
