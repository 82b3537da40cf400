import { createKurrentEventStore, isKurrentDbUrl } from '@siks/eventstore';
import { ExitCode, type CliIo } from './io.ts';

/** The KurrentDB event store `audit verify` is to check: the flag, else EVENTSTORE_URL when it names one. */
export function kurrentStoreToVerify(flag: string | undefined, env: CliIo['env']): string | undefined {
  const url = flag ?? env['EVENTSTORE_URL'];
  return url && isKurrentDbUrl(url) ? url : undefined;
}

/** `kurrentdb://user:pass@host…` without the password, for messages. */
function redact(url: string): string {
  return url.replace(/^([a-z+]+:\/\/[^:/@]+):[^@]*@/i, '$1:***@');
}

/**
 * `siks audit verify` on KurrentDB: every stream's hash chain from the metadata the adapter
 * wrote, checked with the same rule as on PostgreSQL. The Merkle log and its checkpoints are
 * kept in PostgreSQL (`audit_log`), so with KurrentDB as the event store there is no checkpoint
 * to check the log against; the command says so. Exit 3 when the server cannot be reached.
 */
export async function verifyKurrentChains(url: string, io: CliIo): Promise<number> {
  const store = createKurrentEventStore({ url });
  try {
    io.err(`verifying hash chains in the KurrentDB event store ${redact(url)}\n`);
    io.err('checkpoints cover the PostgreSQL audit log only: not checked against KurrentDB\n');
    let chains;
    try {
      chains = await store.verifyHashChains();
    } catch (error) {
      io.err(`cannot read the KurrentDB event store ${redact(url)}: ${(error as Error).message.split('\n')[0]}\n`);
      return ExitCode.unavailable;
    }
    if (chains.ok) io.out(`hash chains intact: ${chains.streams} streams, ${chains.events} events\n`);
    else io.out(`BROKEN: stream ${chains.streamId} at revision ${chains.revision}: ${chains.reason}\n`);
    return chains.ok ? ExitCode.ok : ExitCode.failed;
  } finally {
    await store.close().catch(() => undefined);
  }
}
