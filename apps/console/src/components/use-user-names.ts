import type { Person } from '../audit/actors.ts';
import { consoleContext } from '../session.ts';
import { useAsync } from './use-async.ts';

/**
 * Names of the people a page shows acting: events and decisions carry user ids only; the
 * gateway's directory (`GET /v1/users`, any signed-in role) names those within or above the
 * caller's scope, and leaves out the user names of people above it. The caller is always known.
 */
export function useUserNames(user: { id: string; name: string; username: string; role: string }): Map<string, Person> {
  const { api } = consoleContext();
  const directory = useAsync(
    () => api.get<{ users: { id: string; name: string; username?: string }[] }>('/v1/users').then((a) => a.users),
    [user.id, user.role],
  );
  const names = new Map<string, Person>();
  for (const person of directory.data ?? [])
    names.set(person.id, { name: person.name, ...(person.username ? { username: person.username } : {}) });
  names.set(user.id, { name: user.name, username: user.username });
  return names;
}
