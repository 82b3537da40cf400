export * from './metadata.ts';
export * from './envelope.ts';
export * from './uuid.ts';
export * from './upcasting.ts';
export * from './topics.ts';
