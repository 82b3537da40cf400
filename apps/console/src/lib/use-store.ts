import { useEffect, useState } from 'preact/hooks';
import type { Store } from './store.ts';

/** The store's current value; re-renders the component when it changes. */
export function useStore<T>(store: Store<T>): T {
  const [, setTick] = useState(0);
  useEffect(() => store.subscribe(() => setTick((tick) => tick + 1)), [store]);
  return store.get();
}
