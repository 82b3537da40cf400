import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey } from './partitioner.ts';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('murmur2', () => {
  it("matches the Java client's published values (Kafka UtilsTest)", () => {
    expect(murmur2(encode('21'))).toBe(-973932308);
    expect(murmur2(encode('foobar'))).toBe(-790332482);
    expect(murmur2(encode('a-little-bit-long-string'))).toBe(-985981536);
    expect(murmur2(encode('a-little-bit-longer-string'))).toBe(-1486304829);
    expect(murmur2(encode('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'))).toBe(-58897971);
    expect(murmur2(encode('abc'))).toBe(479470107);
  });

  it("agrees with kafkajs's default partitioner on many keys, including non-ASCII", () => {
    const require = createRequire(import.meta.url);
    const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2.js') as (key: Buffer) => number;
    const keys = ['', 'a', 'ab', 'abc', 'abcd', 'proposal-Ω', 'rumah tangga ✓'];
    for (let i = 0; i < 500; i++) keys.push(`018f${i.toString(16).padStart(8, '0')}-key-${i * 7919}`);
    for (const key of keys) expect(murmur2(encode(key)), key).toBe(kafkajsMurmur2(Buffer.from(key)));
  });
});

describe('partitionForKey', () => {
  it('is positive(murmur2) modulo the partition count', () => {
    // positive(-973932308) = 1173551340
    expect(partitionForKey('21', 7)).toBe(1173551340 % 7);
    for (const partitions of [1, 2, 3, 12]) {
      const partition = partitionForKey('some-aggregate', partitions);
      expect(partition).toBeGreaterThanOrEqual(0);
      expect(partition).toBeLessThan(partitions);
    }
  });

  it('rejects a partition count below one', () => {
    expect(() => partitionForKey('k', 0)).toThrow(RangeError);
  });
});
