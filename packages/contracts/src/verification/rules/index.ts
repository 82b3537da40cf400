export * from './geo.ts';
export * from './completeness.ts';
export * from './geotag.ts';
