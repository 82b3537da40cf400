export * from './checks.ts';
export * from './events.ts';
export * from './bodies.ts';
export * from './rules/index.ts';
