import type { Pool, PoolClient } from '@siks/pg';
import type { ProjectionName } from '../projections/projection.ts';

/**
 * Which projections this process feeds. A projection fed by several topics must have one
 * consumer at a time: its batches read, evolve and write whole rows (a proposal's row from an
 * intake event on one partition and a verification event on another), so two members of its
 * group would lose each other's updates. With more than one reporting process (replicas), each
 * projection is led by one of them: a session advisory lock per projection, all held on one
 * connection. The others stand by and take a projection over when its leader's session ends
 * (the process stopped, was killed, or lost its connection: PostgreSQL releases the locks).
 */
export interface Leadership {
  /** Whether this process leads `name`; takes the lead when nobody holds it. */
  lead(name: ProjectionName): Promise<boolean>;
  /** Gives every lead up (the connection goes back to the pool). */
  release(): Promise<void>;
}

const lockKey = (name: ProjectionName): string => `reporting.projection:${name}`;

export function createLeadership(pool: Pool): Leadership {
  const held = new Set<ProjectionName>();
  let connection: Promise<PoolClient> | undefined;

  const connect = (): Promise<PoolClient> => {
    if (connection) return connection;
    const attempt: Promise<PoolClient> = pool.connect().then(
      (client) => {
        // A broken connection has lost its locks with its session: lead nothing until a new one has them.
        client.on('error', () => {
          if (connection !== attempt) return; // given up already (release)
          connection = undefined;
          held.clear();
          client.release(true);
        });
        return client;
      },
      (error: unknown) => {
        connection = undefined;
        throw error;
      },
    );
    connection = attempt;
    return attempt;
  };

  return {
    async lead(name) {
      if (held.has(name)) return true;
      const client = await connect();
      const { rows } = await client.query<{ ok: boolean }>(
        'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok',
        [lockKey(name)],
      );
      if (rows[0]?.ok) held.add(name);
      return held.has(name);
    },
    async release() {
      const pending = connection;
      connection = undefined;
      held.clear();
      const client = await pending?.catch(() => undefined);
      if (!client) return;
      await client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
      client.release();
    },
  };
}
