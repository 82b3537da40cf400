import pg from 'pg';
import type { Pool } from '@siks/pg';

/** NOTIFY channel of published messages; the payload is the topic. */
export const MESSAGES_CHANNEL = 'siks_bus_messages';
/** NOTIFY channel of group changes (a member joined, left or released partitions); payload: group id. */
export const GROUPS_CHANNEL = 'siks_bus_groups';

export type NotificationListener = (channel: string, payload: string) => void;

export interface Notifications {
  /** Starts listening (once per bus; never fails) and returns a function that removes the listener. */
  subscribe(listener: NotificationListener): Promise<() => void>;
  close(): Promise<void>;
}

/**
 * One LISTEN connection per bus, outside the pool, shared by its consumers. Wake-ups are a
 * shortcut only: when the connection is down, consumers still poll, and it reconnects.
 */
export function createNotifications(
  pool: Pool,
  reconnectDelayMs: number,
  onError: (error: unknown) => void,
): Notifications {
  const listeners = new Set<NotificationListener>();
  let client: pg.Client | undefined;
  let connecting: Promise<void> | undefined;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;

  function scheduleReconnect(): void {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, reconnectDelayMs);
  }

  async function connect(): Promise<void> {
    if (closed || client || connecting) return;
    const next = new pg.Client(pool.options);
    next.on('notification', (message) => {
      for (const listener of listeners) listener(message.channel, message.payload ?? '');
    });
    next.on('error', (error) => {
      onError(error);
      if (client === next) client = undefined;
      void next.end().catch(() => undefined);
      scheduleReconnect();
    });
    connecting = (async () => {
      try {
        await next.connect();
        await next.query(`LISTEN ${MESSAGES_CHANNEL}`);
        await next.query(`LISTEN ${GROUPS_CHANNEL}`);
        if (closed) await next.end();
        else client = next;
      } catch (error) {
        onError(error);
        await next.end().catch(() => undefined);
        scheduleReconnect();
      } finally {
        connecting = undefined;
      }
    })();
    await connecting;
  }

  return {
    async subscribe(listener) {
      listeners.add(listener);
      await connect();
      return () => void listeners.delete(listener);
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await connecting;
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}
