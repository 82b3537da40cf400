import pg from 'pg';

export interface Connection {
  query(sql: string, values?: unknown[]): Promise<unknown>;
}

/** A database to tamper with: its URL, or a pool to borrow one connection from. */
export type TamperTarget = string | { connect(): Promise<Connection & { release(): void }> };

/**
 * For tests of tamper evidence: runs `sql` against `eventstore.events` with the append-only
 * triggers switched off for that one transaction, as someone with direct database access could.
 */
export async function tamperWithEvents(target: TamperTarget, sql: string, values: unknown[] = []): Promise<void> {
  let client: Connection;
  let done: () => Promise<void>;
  if (typeof target === 'string') {
    const own = new pg.Client({ connectionString: target });
    await own.connect();
    client = own;
    done = () => own.end();
  } else {
    const borrowed = await target.connect();
    client = borrowed;
    done = () => Promise.resolve(borrowed.release());
  }
  try {
    await client.query('BEGIN');
    await client.query('ALTER TABLE eventstore.events DISABLE TRIGGER USER');
    await client.query(sql, values);
    await client.query('ALTER TABLE eventstore.events ENABLE TRIGGER USER');
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await done();
  }
}

/**
 * For tests of tamper evidence: runs `work` in one transaction with every trigger off
 * (`session_replication_role = replica`), as a superuser of the database server could, on any
 * table (events, stream heads, the audit tree).
 */
export async function tamperAsSuperuser(
  target: TamperTarget,
  work: (client: Connection) => Promise<unknown>,
): Promise<void> {
  const own = typeof target === 'string' ? new pg.Client({ connectionString: target }) : undefined;
  if (own) await own.connect();
  const borrowed = own || typeof target === 'string' ? undefined : await target.connect();
  const client = (own ?? borrowed) as Connection;
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    await work(client);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    if (own) await own.end();
    borrowed?.release();
  }
}
