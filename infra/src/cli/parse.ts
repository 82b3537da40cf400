import { parseArgs } from 'node:util';
import { parseDuration, scopeFitsRole, UserRole } from '@siks/service-kit';
import { UsageError } from './io.ts';
import { parseAudit, type AuditCommand } from './parse-audit.ts';

export type Command =
  | { name: 'help' }
  | { name: 'token'; role: UserRole; region: string; sub: string; displayName: string; ttlSeconds: number }
  | AuditCommand
  | { name: 'migrate'; databaseUrl: string | undefined };

/** `--name value` options, all strings; anything else (unknown option, positional) is a usage error. */
function options(args: readonly string[], names: readonly string[]): Record<string, string | undefined> {
  const spec = Object.fromEntries(names.map((name) => [name, { type: 'string' as const }]));
  try {
    const { values } = parseArgs({ args: [...args], options: spec, strict: true, allowPositionals: false });
    return values as Record<string, string | undefined>;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function parseToken(args: readonly string[]): Command {
  const values = options(args, ['role', 'region', 'sub', 'name', 'ttl']);
  if (values['role'] === undefined) throw new UsageError('token needs --role');
  const role = UserRole.safeParse(values['role']);
  if (!role.success) throw new UsageError(`unknown role "${values['role']}" (one of ${UserRole.options.join(', ')})`);
  if (values['region'] === undefined) throw new UsageError("token needs --region (use --region '' for national scope)");
  if (!scopeFitsRole(role.data, values['region'])) {
    throw new UsageError(`--region "${values['region']}" is not a valid scope for ${role.data}`);
  }
  let ttlSeconds: number;
  try {
    ttlSeconds = parseDuration(values['ttl'] ?? '1h');
  } catch (error) {
    throw new UsageError(`--ttl: ${(error as Error).message}`);
  }
  return {
    name: 'token',
    role: role.data,
    region: values['region'],
    sub: values['sub'] ?? `dev-${role.data}`,
    displayName: values['name'] ?? `Dev ${role.data}`,
    ttlSeconds,
  };
}

/** Reads a `siks` command line (without `node` and the script). Throws `UsageError`. */
export function parseCommand(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  switch (first) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      return { name: 'help' };
    case 'token':
      return parseToken(rest);
    case 'audit':
      return parseAudit(rest);
    case 'migrate':
      return { name: 'migrate', databaseUrl: options(rest, ['database-url'])['database-url'] };
    default:
      throw new UsageError(`unknown command "${first}"`);
  }
}
