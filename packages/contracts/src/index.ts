export * from './metadata.ts';
export * from './envelope.ts';
export * from './uuid.ts';
export * from './upcasting.ts';
export * from './topics.ts';
export * from './proposals/index.ts';
export * from './documents/index.ts';
