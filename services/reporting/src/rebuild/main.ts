import { runRebuildCommand } from './command.ts';

// `pnpm siks rebuild <projection>` runs this file (see command.ts); also `pnpm --filter @siks/reporting rebuild`.
process.exitCode = await runRebuildCommand(process.argv.slice(2), {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  env: process.env,
  isTTY: process.stderr.isTTY,
});
