/** The part of pg-copy-streams (CommonJS, untyped) the reporting service uses. */
declare module 'pg-copy-streams' {
  import type { Writable } from 'node:stream';

  /** A `COPY … FROM STDIN` statement as a writable stream; pass it to `client.query()`. */
  export interface CopyFromStream extends Writable {
    submit(connection: unknown): void;
    /** Rows copied (set when the statement completes). */
    rowCount: number;
  }

  export function from(text: string): CopyFromStream;
}
