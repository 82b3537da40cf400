import { parseArgs } from 'node:util';
import { UsageError } from './io.ts';

/** Where the audit commands find the checkpoints and keys, when given on the command line. */
interface AuditPlaces {
  databaseUrl: string | undefined;
  checkpointDir: string | undefined;
}

export type AuditCommand =
  | ({
      name: 'audit-verify';
      checkpoint: string | undefined;
      vkey: string | undefined;
      /** A KurrentDB event store to walk the hash chains of (else EVENTSTORE_URL when it is one). */
      eventstoreUrl: string | undefined;
    } & AuditPlaces)
  | ({ name: 'audit-checkpoint' } & AuditPlaces)
  | ({ name: 'audit-export'; out: string } & AuditPlaces)
  | ({
      name: 'audit-prove';
      eventId: string | undefined;
      position: string | undefined;
      size: number | undefined;
    } & AuditPlaces)
  | ({ name: 'audit-consistency'; from: number; to: number | undefined } & AuditPlaces);

const SUBCOMMANDS = ['verify', 'checkpoint', 'export', 'prove', 'consistency'] as const;

function values(args: readonly string[], names: readonly string[]): Record<string, string | undefined> {
  const spec = Object.fromEntries(
    ['database-url', 'checkpoint-dir', ...names].map((name) => [name, { type: 'string' as const }]),
  );
  try {
    return parseArgs({ args: [...args], options: spec, strict: true, allowPositionals: false }).values as Record<
      string,
      string | undefined
    >;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function count(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,15}$/.test(value)) throw new UsageError(`${flag} must be a whole number`);
  return Number(value);
}

/** `siks audit <verify|checkpoint|export|prove|consistency> …` */
export function parseAudit(rest: readonly string[]): AuditCommand {
  const [sub, ...args] = rest;
  if (!SUBCOMMANDS.includes(sub as (typeof SUBCOMMANDS)[number])) {
    throw new UsageError(`unknown audit command "${sub ?? ''}" (try: audit ${SUBCOMMANDS.join(' | ')})`);
  }
  const place = (v: Record<string, string | undefined>): AuditPlaces => ({
    databaseUrl: v['database-url'],
    checkpointDir: v['checkpoint-dir'],
  });
  switch (sub) {
    case 'verify': {
      const v = values(args, ['checkpoint', 'vkey', 'eventstore-url']);
      return {
        name: 'audit-verify',
        checkpoint: v['checkpoint'],
        vkey: v['vkey'],
        eventstoreUrl: v['eventstore-url'],
        ...place(v),
      };
    }
    case 'checkpoint':
      return { name: 'audit-checkpoint', ...place(values(args, [])) };
    case 'export': {
      const v = values(args, ['out']);
      if (!v['out']) throw new UsageError('audit export needs --out DIR');
      return { name: 'audit-export', out: v['out'], ...place(v) };
    }
    case 'prove': {
      const v = values(args, ['event', 'position', 'size']);
      if ((v['event'] === undefined) === (v['position'] === undefined)) {
        throw new UsageError('audit prove needs --event ID or --position N');
      }
      count(v['position'], '--position');
      return {
        name: 'audit-prove',
        eventId: v['event'],
        position: v['position'],
        size: count(v['size'], '--size'),
        ...place(v),
      };
    }
    default: {
      const v = values(args, ['from', 'to']);
      const from = count(v['from'], '--from');
      if (from === undefined) throw new UsageError('audit consistency needs --from N');
      return { name: 'audit-consistency', from, to: count(v['to'], '--to'), ...place(v) };
    }
  }
}
