import { consoleContext } from '../session.ts';
import { outboxRuntime, type OutboxRuntime } from './runtime.ts';

/**
 * The console's outbox, bound to its session: it sends only while a session is online, and only
 * the items of the user signed in (or, after a reload without a connection, remembered).
 */
export function consoleOutbox(): OutboxRuntime {
  const { api, session } = consoleContext();
  return outboxRuntime(
    api,
    () => session.get().status === 'online',
    () => {
      const state = session.get();
      return (state.status === 'online' || state.status === 'offline') && state.user.id !== ''
        ? state.user.id
        : undefined;
    },
  );
}
