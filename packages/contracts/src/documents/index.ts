export * from './kinds.ts';
export * from './geotag.ts';
export * from './events.ts';
