import { Unzip, UnzipInflate } from 'fflate';

/** Compressed bytes handed to the inflater at a time: one slice inflates to ~1 MiB at most. */
const SLICE = 1024;

/**
 * Whether every entry of a zip (an XLSX) inflates to at most `maxBytes` in total, found by
 * inflating it as a stream and counting, never holding more than one slice's output: the sizes
 * a zip declares can lie, and a few hundred kilobytes may inflate to gigabytes (a zip bomb).
 * Stops at the first byte over the limit. `unreadable` when the zip itself is broken.
 */
export function inflatedSizeWithin(zip: Uint8Array, maxBytes: number): 'ok' | 'too_large' | 'unreadable' {
  let total = 0;
  let outcome: 'ok' | 'too_large' | 'unreadable' = 'ok';
  const unzip = new Unzip((file) => {
    file.ondata = (error, chunk) => {
      if (outcome !== 'ok') return;
      if (error) {
        outcome = 'unreadable';
        return;
      }
      total += chunk.length;
      if (total > maxBytes) {
        outcome = 'too_large';
        file.terminate();
      }
    };
    try {
      file.start();
    } catch {
      outcome = 'unreadable';
    }
  });
  unzip.register(UnzipInflate);
  try {
    for (let offset = 0; offset < zip.length && outcome === 'ok'; offset += SLICE) {
      const end = Math.min(zip.length, offset + SLICE);
      unzip.push(zip.subarray(offset, end), end === zip.length);
    }
  } catch {
    if (outcome === 'ok') outcome = 'unreadable';
  }
  return outcome;
}
