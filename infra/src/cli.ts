import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { resolveDatabaseUrl } from './cli/database.ts';
import { runDlq } from './cli/dlq.ts';
import { runExport } from './cli/export-verify.ts';
import { readNikFromTerminal, runPii } from './cli/pii.ts';
import { runCli } from './cli/run.ts';

const args = process.argv.slice(2);
if (args[0] === 'rebuild') {
  // `pnpm siks rebuild <projection|all>` belongs to the reporting service: run its own command
  // as a child process, so infra never imports a service.
  const entry = fileURLToPath(new URL('../../services/reporting/src/rebuild/main.ts', import.meta.url));
  const child = spawnSync(process.execPath, ['--import', 'tsx', entry, ...args.slice(1)], { stdio: 'inherit' });
  process.exitCode = child.status ?? 1;
} else if (args[0] === 'users') {
  // `pnpm siks users add|list|disable` belongs to the gateway (its users table): run its command
  // as a child process, on the same database the other commands use.
  const entry = fileURLToPath(new URL('../../services/gateway/src/users/main.ts', import.meta.url));
  const { url } = resolveDatabaseUrl(undefined, process.env);
  const child = spawnSync(process.execPath, ['--import', 'tsx', entry, ...args.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: url },
  });
  process.exitCode = child.status ?? 1;
} else if (args[0] === 'pii') {
  // `pnpm siks pii forget|rotate`: personal data. The process title hides the arguments (a NIK
  // given with --nik) from process lists.
  process.title = 'siks pii';
  process.exitCode = await runPii(args.slice(1), {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    env: process.env,
    readNik: readNikFromTerminal,
  });
} else if (args[0] === 'seed') {
  // `pnpm siks seed`: a province through the services' own write path (infra/seed/seed.ts), as a
  // child process: the seed runs the services, and infra/src never imports a service.
  const entry = fileURLToPath(new URL('../seed/main.ts', import.meta.url));
  const child = spawnSync(process.execPath, ['--import', 'tsx', entry, ...args.slice(1)], { stdio: 'inherit' });
  process.exitCode = child.status ?? 1;
} else if (args[0] === 'export') {
  // `pnpm siks export verify <file> <sig>`: a signed cut-off export (docs/cutoff-export.md).
  process.exitCode = await runExport(args.slice(1), {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    env: process.env,
  });
} else if (args[0] === 'dlq') {
  // `pnpm siks dlq list|show|replay`: the bus's dead letters.
  process.exitCode = await runDlq(args.slice(1), {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    env: process.env,
  });
} else {
  // `pnpm siks …`
  process.exitCode = await runCli(args, {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    env: process.env,
  });
}
