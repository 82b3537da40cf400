/**
 * An object that forwards to whichever implementation was set last: a test hands it to code that
 * keeps the reference (a service built once) and then swaps what is behind it, as a restart with
 * new settings would (e.g. a keyring before and after a key rotation). Methods are bound to the
 * implementation; using it before `set` throws.
 */
export function swappable<T extends object>(): { proxy: T; set(value: T): void } {
  let current: T | undefined;
  const proxy = new Proxy({} as T, {
    get: (_target, property) => {
      if (!current) throw new Error('swappable: nothing set yet');
      const value = Reflect.get(current, property) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(current) : value;
    },
  });
  return { proxy, set: (value) => (current = value) };
}
