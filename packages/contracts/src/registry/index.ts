export * from './events.ts';
export * from './access.ts';
export * from './cutoffs.ts';
export * from './public-status.ts';
export * from './cutoff-handoff.ts';
