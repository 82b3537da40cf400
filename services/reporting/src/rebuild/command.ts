import { parseArgs } from 'node:util';
import { createBusFromUrl } from '@siks/bus';
import { createPool, migrate } from '@siks/pg';
import { platformMigrations } from '@siks/platform';
import { migrations } from '../migrations.ts';
import { isProjectionName, PROJECTION_NAMES, type ProjectionName } from '../projections/projection.ts';
import { progressRenderer, resultLine } from './progress-bar.ts';
import { rebuildProjection, RebuildInProgressError } from './rebuild.ts';

/** Where the command writes and what it reads (tests pass their own). */
export interface RebuildIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  /** Draw the progress bar in place (stderr is a terminal). */
  isTTY?: boolean;
}

/** Exit codes, as `pnpm siks` uses them. */
export const RebuildExit = { ok: 0, failed: 1, usage: 2, unavailable: 3 } as const;

export const REBUILD_USAGE = `usage: pnpm siks rebuild <projection|all> [--database-url URL] [--bus-url URL] [--max-lag N]

Rebuilds a reporting projection from the beginning of its topics into shadow tables while the
reporting service keeps answering from the live ones, then swaps them in (one transaction).
projections: ${PROJECTION_NAMES.join(', ')}
--database-url  the reporting database (else DATABASE_URL)
--bus-url       the bus (else BUS_URL, else the database)
--max-lag N     swap once at most N messages behind (default 0: fully caught up)`;

interface Parsed {
  names: ProjectionName[];
  databaseUrl: string;
  busUrl: string;
  maxLag: number;
}

class UsageError extends Error {}

function parse(argv: readonly string[], env: RebuildIo['env']): Parsed {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        'database-url': { type: 'string' },
        'bus-url': { type: 'string' },
        'max-lag': { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [name, ...extra] = parsed.positionals;
  if (name === undefined || extra.length > 0) throw new UsageError('name one projection, or all');
  if (name !== 'all' && !isProjectionName(name)) throw new UsageError(`unknown projection "${name}"`);
  const databaseUrl = parsed.values['database-url'] ?? env['DATABASE_URL'];
  if (!databaseUrl) throw new UsageError('set DATABASE_URL or --database-url');
  const maxLag = Number(parsed.values['max-lag'] ?? '0');
  if (!Number.isInteger(maxLag) || maxLag < 0) throw new UsageError('--max-lag must be a whole number');
  return {
    names: name === 'all' ? [...PROJECTION_NAMES] : [name as ProjectionName],
    databaseUrl,
    busUrl: parsed.values['bus-url'] ?? env['BUS_URL'] ?? databaseUrl,
    maxLag,
  };
}

/** `siks rebuild <projection|all>`: rebuilds with a progress bar on stderr, a result line per projection on stdout. */
export async function runRebuildCommand(argv: readonly string[], io: RebuildIo): Promise<number> {
  let options: Parsed;
  try {
    options = parse(argv, io.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`siks rebuild: ${error.message}\n${REBUILD_USAGE}\n`);
    return RebuildExit.usage;
  }
  const pool = createPool({ url: options.databaseUrl, max: 4, applicationName: 'siks-rebuild' });
  try {
    try {
      await pool.query('SELECT 1');
    } catch {
      io.err('siks rebuild: cannot connect to the database\n');
      return RebuildExit.unavailable;
    }
    // In the production layout the event store and the keyring live in databases of their own.
    const shared = platformMigrations(io.env['EVENTSTORE_URL'] ?? options.databaseUrl, {
      databaseUrl: options.databaseUrl,
      keyringUrl: io.env['KEYRING_URL'],
    });
    await migrate(pool, [...shared, migrations]);
    const bus = createBusFromUrl(options.busUrl, pool, { clientId: 'siks-reporting-rebuild' });
    try {
      for (const name of options.names) {
        const result = await rebuildProjection({ pool, bus }, name, {
          maxLag: options.maxLag,
          onProgress: progressRenderer(io.err, io.isTTY ?? false),
        });
        io.out(`${resultLine(result)}\n`);
      }
      return RebuildExit.ok;
    } catch (error) {
      io.err(`siks rebuild: ${error instanceof RebuildInProgressError ? error.message : String(error)}\n`);
      return RebuildExit.failed;
    } finally {
      await bus.close();
    }
  } finally {
    await pool.end();
  }
}
