import { fileURLToPath } from 'node:url';

/** Absolute path of a file in services/document/fixtures (made by fixtures/make-fixtures.ts). */
export const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
