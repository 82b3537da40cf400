import type { AllStreamSubscription, KurrentDBClient } from '@kurrent/kurrentdb-client';

type Kurrent = typeof import('@kurrent/kurrentdb-client');

/**
 * One live `$all` subscription (from the end, system events excluded) shared by all
 * `onAppended` listeners of a store; resubscribes after a failure and wakes everyone then.
 */
export class KurrentListener {
  readonly #listeners = new Set<() => void>();
  #subscription: AllStreamSubscription | undefined;
  #retry: NodeJS.Timeout | undefined;
  #confirmed: Promise<void> | undefined;

  constructor(
    private readonly kurrent: Kurrent,
    private readonly client: KurrentDBClient,
  ) {}

  /** Resolves once the server has confirmed the subscription, so no later append is missed. */
  async add(listener: () => void): Promise<() => Promise<void>> {
    this.#listeners.add(listener);
    this.#confirmed ??= this.#subscribe();
    try {
      await this.#confirmed;
    } catch (error) {
      this.#listeners.delete(listener);
      throw error;
    }
    return async () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) await this.close();
    };
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    clearTimeout(this.#retry);
    const subscription = this.#subscription;
    this.#subscription = undefined;
    this.#confirmed = undefined;
    await subscription?.unsubscribe().catch(() => undefined);
  }

  #wakeAll(): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener();
      } catch {
        // A listener's failure is its own business.
      }
    }
  }

  #subscribe(): Promise<void> {
    const subscription = this.client.subscribeToAll({
      fromPosition: this.kurrent.END,
      filter: this.kurrent.excludeSystemEvents(),
    });
    this.#subscription = subscription;
    const confirmed = new Promise<void>((resolve, reject) => {
      subscription.once('confirmation', () => resolve());
      subscription.once('error', reject);
    });
    subscription.on('data', () => this.#wakeAll());
    subscription.on('error', () => {
      if (this.#subscription !== subscription) return;
      this.#subscription = undefined;
      this.#confirmed = undefined;
      clearTimeout(this.#retry);
      this.#retry = setTimeout(() => {
        if (this.#listeners.size === 0 || this.#confirmed) return;
        this.#confirmed = this.#subscribe();
        this.#confirmed.then(
          () => this.#wakeAll(),
          () => undefined, // the next error schedules the next attempt
        );
      }, 1_000);
      this.#retry.unref();
    });
    return confirmed;
  }
}
