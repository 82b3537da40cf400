import type { RecordedEvent } from './envelope.ts';

/**
 * Turns an event stored under an older schema version into the next version's shape.
 * Registered per (type, fromVersion); applied in a chain on read until no upcaster matches,
 * so the stored events never change (the log is append-only) while code sees one shape.
 */
export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

export class Upcasters {
  readonly #byKey = new Map<string, Upcaster>();

  register(type: string, fromVersion: number, upcast: Upcaster): this {
    const key = `${type}@${fromVersion}`;
    if (this.#byKey.has(key)) throw new Error(`upcaster for ${key} registered twice`);
    this.#byKey.set(key, upcast);
    return this;
  }

  apply<E extends RecordedEvent>(event: E): E {
    let current = event;
    for (;;) {
      const upcast = this.#byKey.get(`${current.type}@${current.schemaVersion}`);
      if (!upcast) return current;
      current = {
        ...current,
        data: upcast(current.data as Record<string, unknown>),
        schemaVersion: current.schemaVersion + 1,
      };
    }
  }
}
