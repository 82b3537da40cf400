import pg from 'pg';
import type { Pool } from '@siks/pg';

export const APPENDED_CHANNEL = 'eventstore_appended';

/**
 * How appends wake readers:
 * - `after-commit` (default): after an append returns, a `NOTIFY` is sent on a separate
 *   connection, at most one per interval per store (appends meanwhile coalesce into the next).
 *   Appends never take PostgreSQL's global notify lock, so concurrent commits still group.
 * - `in-transaction`: `pg_notify` inside every append; exact, but every notifying commit
 *   holds PostgreSQL's global notify lock, which serialises concurrent appends.
 * - `off`: readers rely on polling.
 */
export type NotifyMode = 'after-commit' | 'in-transaction' | 'off';

/** A payload longer than this wakes every listener instead (NOTIFY allows 8,000 bytes). */
const MAX_PAYLOAD = 4000;

/**
 * Coalescing notification sender for the `after-commit` mode. It has its own connection
 * (opened on first use) with `synchronous_commit = off`: a wake-up needs no disk flush, and
 * losing one in a crash is harmless (readers poll too). One `NOTIFY` is in flight at a time,
 * at most one per `intervalMs`; appends meanwhile fold into the next one. The payload names the
 * stream categories appended to (comma-separated), so listeners of other categories sleep on;
 * an empty payload (the `in-transaction` mode's) wakes everyone.
 */
export class Notifier {
  #client: Promise<pg.Client> | undefined;
  #inFlight: Promise<void> | undefined;
  #pending = false;
  #categories = new Set<string>();
  #closed = false;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly intervalMs: number,
  ) {}

  poke(category: string): void {
    if (this.#closed) return;
    this.#categories.add(category);
    if (this.#inFlight) {
      this.#pending = true;
      return;
    }
    this.#inFlight = this.#send().finally(() => (this.#inFlight = undefined));
  }

  async #send(): Promise<void> {
    do {
      this.#pending = false;
      const categories = [...this.#categories];
      this.#categories = new Set();
      const joined = categories.join(',');
      const started = Date.now();
      try {
        const client = await this.#connect();
        await client.query('SELECT pg_notify($1, $2)', [APPENDED_CHANNEL, joined.length > MAX_PAYLOAD ? '' : joined]);
      } catch {
        this.#client = undefined; // reconnect next time; readers poll meanwhile
      }
      const rest = this.intervalMs - (Date.now() - started);
      if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
    } while (this.#pending && !this.#closed);
  }

  #connect(): Promise<pg.Client> {
    this.#client ??= (async () => {
      const client = new pg.Client(this.config);
      client.on('error', () => undefined);
      await client.connect();
      await client.query('SET synchronous_commit = off');
      return client;
    })();
    return this.#client;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#inFlight;
    const client = await this.#client?.catch(() => undefined);
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }
}

/**
 * One dedicated connection LISTENing on the channel, shared by all listeners of a store.
 * Connects on the first listener, reconnects after a failure (and wakes every listener then,
 * since notifications may have been missed), disconnects when the last listener leaves.
 */
export class Listener {
  /** Each listener with the categories it waits for (undefined: all). */
  readonly #listeners = new Map<() => void, ReadonlySet<string> | undefined>();
  #client: pg.Client | undefined;
  #connecting: Promise<void> | undefined;
  #retry: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(private readonly config: pg.ClientConfig) {}

  async add(listener: () => void, categories?: ReadonlySet<string>): Promise<() => Promise<void>> {
    if (this.#closed) throw new Error('event store is closed');
    this.#listeners.set(listener, categories);
    try {
      await this.#ensureConnected();
    } catch (error) {
      this.#listeners.delete(listener);
      throw error;
    }
    return async () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) await this.#disconnect();
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#listeners.clear();
    await this.#disconnect();
  }

  /** Wakes the listeners of these categories, or all when the payload names none. */
  #wake(payload: string | undefined): void {
    const touched = payload ? payload.split(',') : undefined;
    for (const [listener, categories] of [...this.#listeners]) {
      if (touched && categories && !touched.some((category) => categories.has(category))) continue;
      try {
        listener();
      } catch {
        // A listener's failure is its own business.
      }
    }
  }

  async #ensureConnected(): Promise<void> {
    if (this.#client) return;
    this.#connecting ??= this.#connect().finally(() => (this.#connecting = undefined));
    await this.#connecting;
  }

  async #connect(): Promise<void> {
    const client = new pg.Client(this.config);
    client.on('notification', (message) => this.#wake(message.payload));
    client.on('error', () => this.#lost(client));
    client.on('end', () => this.#lost(client));
    await client.connect();
    await client.query(`LISTEN ${APPENDED_CHANNEL}`);
    this.#client = client;
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    void client.end().catch(() => undefined);
    if (this.#closed || this.#listeners.size === 0) return;
    this.#scheduleReconnect(250);
  }

  #scheduleReconnect(delayMs: number): void {
    clearTimeout(this.#retry);
    this.#retry = setTimeout(() => {
      if (this.#closed || this.#listeners.size === 0) return;
      this.#ensureConnected().then(
        () => this.#wake(undefined),
        () => this.#scheduleReconnect(Math.min(delayMs * 2, 5_000)),
      );
    }, delayMs);
    this.#retry.unref();
  }

  async #disconnect(): Promise<void> {
    clearTimeout(this.#retry);
    await this.#connecting?.catch(() => undefined);
    if (!this.#closed && this.#listeners.size > 0) return;
    const client = this.#client;
    this.#client = undefined;
    if (client) await client.end().catch(() => undefined);
  }
}

/** Settings for the dedicated LISTEN and NOTIFY connections, taken from the pool's own. */
export function connectionConfig(pool: Pool): pg.ClientConfig {
  const { connectionString, host, port, user, password, database, ssl, application_name } = pool.options;
  return { connectionString, host, port, user, password, database, ssl, application_name };
}
