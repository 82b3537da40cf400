import type { User } from '../api/client.ts';

/** What every page gets from the shell. */
export interface PageProps {
  params: Record<string, string>;
  search: URLSearchParams;
  user: User;
  /** False when the console runs from its offline cache without a session. */
  online: boolean;
}
