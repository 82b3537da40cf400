import { describe, expect, it } from 'vitest';
import { haversineMeters } from './geo.ts';

describe('haversineMeters', () => {
  it('is zero for the same point and symmetric', () => {
    const praya = { lat: -8.7056, lon: 116.2706 };
    const mataram = { lat: -8.5833, lon: 116.1167 };
    expect(haversineMeters(praya, praya)).toBe(0);
    expect(haversineMeters(praya, mataram)).toBeCloseTo(haversineMeters(mataram, praya), 6);
  });

  it('measures one degree of latitude as about 111.2 km', () => {
    expect(haversineMeters({ lat: 0, lon: 100 }, { lat: 1, lon: 100 })).toBeCloseTo(111_195, -1);
  });

  it('measures Praya to Mataram (Lombok) as about 21.7 km', () => {
    const km = haversineMeters({ lat: -8.7056, lon: 116.2706 }, { lat: -8.5833, lon: 116.1167 }) / 1000;
    expect(km).toBeGreaterThan(21);
    expect(km).toBeLessThan(22.5);
  });

  it('takes the short way across the antimeridian and handles antipodes', () => {
    expect(haversineMeters({ lat: 0, lon: 179.9 }, { lat: 0, lon: -179.9 })).toBeCloseTo(22_239, -1);
    expect(haversineMeters({ lat: 0, lon: 0 }, { lat: 0, lon: 180 })).toBeCloseTo(Math.PI * 6_371_008.8, 0);
  });
});
