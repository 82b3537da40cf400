import { createBusFromUrl } from '@siks/bus';
import { Topics } from '@siks/contracts';
import { createPool } from '@siks/pg';

/** How many messages each bus carried: rows of the PostgreSQL bus, and Kafka's high watermarks. */
export interface BusTraffic {
  postgres: number;
  kafka: number;
}

/**
 * Counts the messages of the system's topics on both sides, so that a pipeline test proves which
 * bus carried its events (a service that ignored `BUS_URL` would show up on the wrong side).
 */
export async function busTraffic(databaseUrl: string, busUrl: string): Promise<BusTraffic> {
  const pool = createPool({ url: databaseUrl, max: 1, applicationName: 'siks-test-traffic' });
  try {
    const { rows } = await pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM bus.messages WHERE topic = ANY($1::text[])`,
      [Object.values(Topics)],
    );
    let kafka = 0;
    if (busUrl.startsWith('kafka://')) {
      const bus = createBusFromUrl(busUrl, pool, { clientId: 'siks-test-traffic', kafka: { logLevel: 'nothing' } });
      try {
        const lag = await bus.lag('siks-test-traffic', Object.values(Topics));
        kafka = lag.reduce((sum, entry) => sum + Number(entry.endOffset), 0);
      } finally {
        await bus.close();
      }
    }
    return { postgres: Number(rows[0]?.n ?? 0), kafka };
  } finally {
    await pool.end();
  }
}
