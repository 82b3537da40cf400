import { runCommand } from './commands.ts';
import { ExitCode, UsageError, type CliIo } from './io.ts';
import { parseCommand } from './parse.ts';

/** `siks <argv…>`: parses, runs, and returns the exit code (usage errors: 2, with a hint). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await runCommand(parseCommand(argv), io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`siks: ${error.message}\nrun \`pnpm siks help\` for usage\n`);
      return ExitCode.usage;
    }
    throw error;
  }
}
