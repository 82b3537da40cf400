import type { z } from 'zod';
import type { FieldIssue } from './problem.ts';

/** Message given by `parse`'s error map to issues whose schema set no message of its own. */
export const DEFAULT_MESSAGE = '\u0000siks:default';
/** Same, for a value that is missing altogether. */
export const REQUIRED_MESSAGE = '\u0000siks:required';

/** Where a checked value came from; everything but the body is prefixed in `path`. */
export type Location = 'body' | 'query' | 'params' | 'headers';

type Issue = z.core.$ZodIssue;

function joinPath(location: Location, path: readonly PropertyKey[]): string {
  const inner = path.map(String).join('.');
  if (location === 'body') return inner;
  return inner ? `${location}.${inner}` : location;
}

function sized(base: string, origin: unknown): string {
  return origin === 'string' || origin === 'array' ? `${base}_${origin}` : base;
}

function ruleOf(issue: Issue): { code: string; params: Record<string, string | number> } {
  switch (issue.code) {
    case 'invalid_type':
      return { code: 'invalid_type', params: { expected: String(issue.expected) } };
    case 'too_small':
      return { code: sized('too_small', issue.origin), params: { minimum: String(issue.minimum) } };
    case 'too_big':
      return { code: sized('too_big', issue.origin), params: { maximum: String(issue.maximum) } };
    case 'invalid_format':
      return { code: 'invalid_format', params: { format: issue.format } };
    case 'invalid_value':
      return { code: 'invalid_value', params: { values: issue.values.map((value) => String(value)).join(', ') } };
    case 'not_multiple_of':
      return { code: 'not_multiple_of', params: { divisor: String(issue.divisor) } };
    case 'unrecognized_keys':
      return { code: 'unrecognized_keys', params: { keys: issue.keys.join(', ') } };
    case 'invalid_union':
      return { code: 'invalid_union', params: {} };
    default:
      return { code: 'invalid', params: {} };
  }
}

/**
 * Turns zod issues into field issues. A message the schema set itself is kept in `message`; when
 * rendered it is translated if it is a catalogue code (e.g. `.regex(re, 'nik_invalid')`), shown
 * verbatim otherwise.
 */
export function fieldIssuesFromZod(issues: readonly Issue[], location: Location): FieldIssue[] {
  return issues.map((issue) => {
    const path = joinPath(location, issue.path);
    if (issue.message === REQUIRED_MESSAGE) return { path, code: 'required' };
    const rule = ruleOf(issue);
    if (issue.message === DEFAULT_MESSAGE) return { path, ...rule };
    return { path, ...rule, message: issue.message };
  });
}
