import { describe, expect, it } from 'vitest';
import { progressLine, progressRenderer } from './progress-bar.ts';
import type { RebuildProgress } from './rebuild.ts';

const progress = (processed: number, phase: RebuildProgress['phase'] = 'catching_up'): RebuildProgress => ({
  projection: 'audit',
  generation: 2,
  phase,
  processed,
  total: 1000,
  lagEvents: 1000 - processed,
  elapsedMs: 10,
});

describe('rebuild progress', () => {
  it('draws a bar with the share of messages consumed', () => {
    expect(progressLine(progress(500), 10)).toBe('audit      [█████░░░░░]  50%  500/1,000 messages  catching up');
    expect(progressLine(progress(1000, 'done'), 4)).toContain('[████] 100%');
  });

  it('redraws in place on a terminal, and writes a line per tenth otherwise', () => {
    const tty: string[] = [];
    progressRenderer((text) => tty.push(text), true)(progress(10));
    expect(tty[0]?.startsWith('\r\u001b[2K')).toBe(true);
    const plain: string[] = [];
    const draw = progressRenderer((text) => plain.push(text), false);
    for (const done of [0, 10, 20, 110, 120, 900]) draw(progress(done));
    expect(plain).toHaveLength(3);
  });
});
