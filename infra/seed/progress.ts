/**
 * A one-line progress bar for a terminal (`\r`-redrawn, at most every 200 ms), or a plain line
 * every 10 % when the output is not a terminal (CI logs).
 */
export function progressBar(write: (text: string) => void, isTty: boolean) {
  let last = 0;
  let lastDecile = -1;
  let started = Date.now();
  let current = '';
  return {
    update(phase: string, done: number, total: number): void {
      if (phase !== current) {
        if (current !== '' && isTty) write('\n');
        current = phase;
        started = Date.now();
        lastDecile = -1;
      }
      const now = Date.now();
      const fraction = total > 0 ? Math.min(1, done / total) : 1;
      const finished = done >= total;
      if (isTty) {
        if (!finished && now - last < 200) return;
        last = now;
        const width = 30;
        const filled = Math.round(fraction * width);
        const rate = done / Math.max(0.001, (now - started) / 1000);
        const eta = rate > 0 && !finished ? ` eta ${Math.round((total - done) / rate)} s` : '';
        write(
          `\r${phase.padEnd(12)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(fraction * 100)
            .toString()
            .padStart(3)}% ${done.toLocaleString('en')}/${total.toLocaleString('en')} ${Math.round(rate)}/s${eta}   `,
        );
        if (finished) write('\n');
      } else {
        const decile = Math.floor(fraction * 10);
        if (decile === lastDecile) return;
        lastDecile = decile;
        write(`${phase}: ${done}/${total} (${decile * 10} %)\n`);
      }
    },
  };
}
