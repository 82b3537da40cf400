import type { z } from 'zod';
import { fillTemplate, isProposalFieldCode, type LocalizedText, type MessageLanguage } from './messages.ts';

/** One failed rule: where (dotted path, '' for the whole body), which rule, and its parameters. */
export interface FieldIssue {
  path: string;
  code: string;
  params?: Record<string, string | number>;
}

/** A rendered field error, as in problem+json `errors` (DESIGN.md §8). */
export interface FieldError {
  path: string;
  code: string;
  message: string;
}

type Issue = z.core.$ZodIssue;
type PathSegment = PropertyKey;

/**
 * Per-parse error map: a missing value reports `required` (not "expected string, received
 * undefined"). Pass as `schema.safeParse(input, { error: requiredErrorMap })`.
 */
export const requiredErrorMap: z.core.$ZodErrorMap = (issue) =>
  issue.code === 'invalid_type' && issue.input === undefined ? 'required' : undefined;

export type ParseOutcome<T> = { ok: true; data: T } | { ok: false; issues: FieldIssue[] };

/** Parses with `requiredErrorMap` and maps failures to field issues (never carrying the input). */
export function parseWithIssues<S extends z.ZodType>(
  schema: S,
  input: unknown,
  pathPrefix: readonly PathSegment[] = [],
): ParseOutcome<z.output<S>> {
  const result = schema.safeParse(input, { error: requiredErrorMap });
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, issues: toFieldIssues(result.error.issues, pathPrefix) };
}

/** Maps zod issues to stable codes; a custom code set as a schema's `error` wins. */
export function toFieldIssues(issues: readonly Issue[], pathPrefix: readonly PathSegment[] = []): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of issues) {
    const path = [...pathPrefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        out.push({ path: joinPath([...path, key]), code: 'unrecognized_keys', params: { keys: key } });
      continue;
    }
    if ((issue.code === 'invalid_key' || issue.code === 'invalid_element') && issue.issues.length > 0) {
      out.push(...toFieldIssues(issue.issues, path));
      continue;
    }
    out.push({ path: joinPath(path), ...codeOf(issue) });
  }
  return out;
}

function codeOf(issue: Issue): Omit<FieldIssue, 'path'> {
  if (isProposalFieldCode(issue.message)) return { code: issue.message, ...paramsOf(issue) };
  switch (issue.code) {
    case 'invalid_type':
      return { code: 'invalid_type', params: { expected: issue.expected } };
    case 'too_small':
      return { code: sized('too_small', issue.origin), params: { minimum: Number(issue.minimum) } };
    case 'too_big':
      return { code: sized('too_big', issue.origin), params: { maximum: Number(issue.maximum) } };
    case 'invalid_format':
      return { code: 'invalid_format', params: { format: issue.format } };
    case 'invalid_value':
      return { code: 'invalid_value', params: { values: issue.values.map(String).join(', ') } };
    case 'not_multiple_of':
      return { code: 'not_multiple_of', params: { divisor: Number(issue.divisor) } };
    case 'invalid_union': {
      const discriminator = (issue as { discriminator?: unknown }).discriminator;
      return typeof discriminator === 'string'
        ? { code: 'invalid_discriminator', params: { discriminator } }
        : { code: 'invalid_union' };
    }
    default:
      return { code: 'invalid' };
  }
}

function paramsOf(issue: Issue): Pick<FieldIssue, 'params'> {
  if (issue.code === 'too_small') return { params: { minimum: Number(issue.minimum) } };
  if (issue.code === 'too_big') return { params: { maximum: Number(issue.maximum) } };
  return {};
}

function sized(base: 'too_small' | 'too_big', origin: string): string {
  if (origin === 'string') return `${base}_string`;
  if (origin === 'array' || origin === 'set') return `${base}_array`;
  return base;
}

/** `['household', 'members', 0, 'nik']` → `household.members.0.nik`. */
export function joinPath(path: readonly PathSegment[]): string {
  return path.map((segment) => String(segment)).join('.');
}

/** Renders issues with a catalogue (e.g. `proposalFieldMessages` merged with others). */
export function renderFieldIssues(
  issues: readonly FieldIssue[],
  lang: MessageLanguage,
  catalogue: Readonly<Record<string, LocalizedText>>,
): FieldError[] {
  return issues.map((issue) => {
    const text = Object.hasOwn(catalogue, issue.code) ? catalogue[issue.code] : undefined;
    const message = text ? fillTemplate(text[lang], issue.params) : issue.code;
    return { path: issue.path, code: issue.code, message };
  });
}
