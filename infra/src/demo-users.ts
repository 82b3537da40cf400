import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Prints the demo users' credentials once: when the gateway wrote `demo-users.txt` during this
 * launch (first start, or `SIKS_DEMO_PASSWORD` reset them). Later starts print only where they are.
 */
export async function printNewDemoUsers(dataDir: string, since: number, say: (line: string) => void): Promise<void> {
  const file = join(dataDir, 'demo-users.txt');
  const info = await stat(file).catch(() => undefined);
  if (!info) return;
  if (info.mtimeMs < since) {
    say(`demo users: credentials in ${file}`);
    return;
  }
  const rows = (await readFile(file, 'utf8')).split('\n').filter((line) => line.trim() && !line.startsWith('#'));
  say(`demo users (shown once; also in ${file}):`);
  for (const row of rows) say(`  ${row.split('\t').join('  ')}`);
}
