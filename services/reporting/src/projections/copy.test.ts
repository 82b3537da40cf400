import { describe, expect, it } from 'vitest';
import { copyText } from './copy.ts';
import type { TableShape } from './sql.ts';

interface Row {
  id: string;
  note: string | null;
  n: number | null;
  ok: boolean | null;
  doc: unknown;
}

const SHAPE: TableShape<Row> = {
  key: ['id'],
  columns: { id: 'uuid', note: 'text', n: 'integer', ok: 'boolean', doc: 'jsonb' },
};

describe('copyText', () => {
  it('writes one tab-separated line per row, in column order, nulls as \\N', () => {
    expect(
      copyText(
        [
          { id: 'a', note: 'x', n: 1, ok: true, doc: { k: [1, 'two'] } },
          { id: 'b', note: null, n: null, ok: null, doc: null },
        ],
        SHAPE,
      ),
    ).toBe('a\tx\t1\ttrue\t{"k":[1,"two"]}\nb\t\\N\t\\N\t\\N\t\\N\n');
  });

  it('escapes backslashes, tabs, newlines and carriage returns, also inside JSON', () => {
    const text = copyText([{ id: 'a', note: 'a\\b\tc\nd\re \\N', n: 0, ok: false, doc: { s: 'q"\\\n' } }], SHAPE);
    // JSON.stringify gives {"s":"q\"\\\n"}; COPY doubles each of its backslashes.
    expect(text).toBe(`a\t${String.raw`a\\b\tc\nd\re \\N`}\t0\tfalse\t${String.raw`{"s":"q\\"\\\\\\n"}`}\n`);
    expect(text.split('\n')).toHaveLength(2);
  });
});
