import { z } from 'zod';

/** One bad configuration variable: its name and what is wrong (never its value). */
export interface ConfigIssue {
  variable: string;
  message: string;
}

/** Thrown by `loadConfig`; the message names every bad variable. */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(
      `invalid configuration (${issues.length} variable${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((issue) => `  ${issue.variable}: ${issue.message}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** An environment: variable name to value. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Parses `env` with `schema` once and returns the typed result. Empty strings count as unset.
 * Throws a `ConfigError` naming every bad variable (values are never echoed: they may be secrets).
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: Env = process.env): z.output<S> {
  const present: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') present[name] = value;
  }
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  const issues = new Map<string, string>();
  for (const issue of result.error.issues) {
    const variable = issue.path.length > 0 ? issue.path.map(String).join('.') : '(environment)';
    const message = issue.code === 'invalid_type' && present[variable] === undefined ? 'required' : issue.message;
    issues.set(variable, issues.has(variable) ? `${issues.get(variable)}; ${message}` : message);
  }
  throw new ConfigError([...issues].map(([variable, message]) => ({ variable, message })));
}

/**
 * `loadConfig` for a service's `main.ts`: on a `ConfigError` prints every bad variable to stderr
 * and exits 1 (fail fast, no stack trace); other errors propagate.
 */
export function loadConfigOrExit<S extends z.ZodType>(
  schema: S,
  service: string,
  env: Env = process.env,
  exit: (code: number) => never = process.exit,
): z.output<S> {
  try {
    return loadConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${service}: ${error.message}\n`);
    return exit(1);
  }
}
