/**
 * A pause that ends early: `wait(ms)` resolves after `ms`, or as soon as `wake()` is called.
 * A wake-up that comes while nobody waits is kept for the next `wait`, so none is lost.
 */
export interface Waker {
  wait(ms: number): Promise<void>;
  wake(): void;
}

export function createWaker(): Waker {
  let pending = false;
  let release: (() => void) | undefined;
  return {
    wait(ms) {
      if (pending) {
        pending = false;
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const timer = setTimeout(done, ms);
        function done(): void {
          clearTimeout(timer);
          release = undefined;
          resolve();
        }
        release = done;
      });
    },
    wake() {
      if (release) release();
      else pending = true;
    },
  };
}
