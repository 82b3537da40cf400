import type { z } from 'zod';
import { ValidationProblem } from './problem.ts';
import { DEFAULT_MESSAGE, fieldIssuesFromZod, REQUIRED_MESSAGE, type Location } from './zod-issues.ts';

const errorMap = (issue: z.core.$ZodRawIssue): string =>
  issue.code === 'invalid_type' && issue.input === undefined ? REQUIRED_MESSAGE : DEFAULT_MESSAGE;

/** Like `parse`, but returns the problem instead of throwing it. */
export function check<S extends z.ZodType>(
  schema: S,
  value: unknown,
  location: Location = 'body',
): { ok: true; value: z.output<S> } | { ok: false; problem: ValidationProblem } {
  const result = schema.safeParse(value, { error: errorMap });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problem: new ValidationProblem(fieldIssuesFromZod(result.error.issues, location)) };
}

/**
 * Validates `value` with `schema` and returns the parsed value, or throws a `ValidationProblem`
 * (400 problem+json with one `errors[]` entry per issue, in the caller's language). Input values
 * never enter the problem, so personal data cannot leak into responses or logs.
 */
export function parse<S extends z.ZodType>(schema: S, value: unknown, location: Location = 'body'): z.output<S> {
  const result = check(schema, value, location);
  if (result.ok) return result.value;
  throw result.problem;
}
