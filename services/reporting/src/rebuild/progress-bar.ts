import type { RebuildProgress, RebuildResult } from './rebuild.ts';

const number = (value: number): string => value.toLocaleString('en-US');

/** One line: `audit  [██████░░░░]  60%  6,000/10,000 messages  catching up`. */
export function progressLine(progress: RebuildProgress, width = 30): string {
  const ratio =
    progress.phase === 'done' ? 1 : progress.total > 0 ? Math.min(1, progress.processed / progress.total) : 0;
  const filled = Math.round(ratio * width);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
  const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
  return `${progress.projection.padEnd(10)} [${bar}] ${percent}  ${number(progress.processed)}/${number(progress.total)} messages  ${progress.phase.replace('_', ' ')}`;
}

export function resultLine(result: RebuildResult): string {
  return (
    `${result.projection}: generation ${result.generation} is live — ${number(result.events)} events ` +
    `(${number(result.messages)} messages) in ${result.seconds.toFixed(1)} s, ${number(result.eventsPerSecond)} messages/s`
  );
}

/**
 * Draws progress on a terminal (one line redrawn in place) or, when the output is not a
 * terminal, writes a line per phase change and per tenth of the way.
 */
export function progressRenderer(write: (text: string) => void, isTTY: boolean): (progress: RebuildProgress) => void {
  let lastPhase = '';
  let lastTenth = -1;
  return (progress) => {
    const line = progressLine(progress);
    if (isTTY) {
      write(`\r\u001b[2K${line}${progress.phase === 'done' ? '\n' : ''}`);
      return;
    }
    const tenth = progress.total > 0 ? Math.floor((10 * progress.processed) / progress.total) : 0;
    if (progress.phase !== lastPhase || tenth !== lastTenth) write(`${line}\n`);
    lastPhase = progress.phase;
    lastTenth = tenth;
  };
}
