/** Where a command writes, and the environment it reads (tests pass their own). */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
}

/** Exit codes of `siks`. */
export const ExitCode = {
  ok: 0,
  /** The check ran and found a problem (e.g. a broken hash chain). */
  failed: 1,
  usage: 2,
  /** The database could not be reached. */
  unavailable: 3,
} as const;

/** A wrong command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
