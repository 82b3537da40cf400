import { createInterface } from 'node:readline';
import { runUsersCommand } from './cli.ts';

/** The first line of standard input. */
async function firstLine(): Promise<string> {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

// `pnpm siks users …` runs this file (infra/src/cli.ts); also `pnpm --filter @siks/gateway users …`.
process.exitCode = await runUsersCommand(process.argv.slice(2), {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  env: process.env,
  readStdin: firstLine,
});
