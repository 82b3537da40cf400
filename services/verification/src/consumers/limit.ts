/**
 * A bound on concurrent work: at most `max` calls of the returned function run at once; the
 * others wait in order. Keeps a batch's reads (case streams, keyring) from taking every
 * connection of the pool, which the other consumers and the relay need too.
 */
export function limiter(max: number): <T>(work: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    running -= 1;
    waiting.shift()?.();
  };
  return async (work) => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await work();
    } finally {
      release();
    }
  };
}
