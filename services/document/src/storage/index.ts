export * from './blob-store.ts';
export * from './errors.ts';
