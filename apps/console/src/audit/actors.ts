/** Who acted, as a person reads it (pure): a colleague's name, or which part of the system. */

export interface Person {
  name: string;
  username?: string;
}

export interface Actor {
  userId: string;
  role: string;
}

/** The services a system actor can be; the catalogue has words for each (`service.<name>`). */
export const SERVICES = ['intake', 'document', 'verification', 'registry', 'reporting', 'gateway', 'public'] as const;
export type Service = (typeof SERVICES)[number];

/**
 * The service behind a system actor's user id, as the services write them: `siks-verification`,
 * `verification`, `document-service`, `intake.deferred-submissions`, `public` (the complaint
 * form). Undefined for an id none of them writes.
 */
export function systemService(userId: string): Service | undefined {
  const base =
    userId
      .replace(/^siks-/, '')
      .replace(/-service$/, '')
      .split('.')[0] ?? '';
  return (SERVICES as readonly string[]).includes(base) ? (base as Service) : undefined;
}

type Words = (
  key: 'audit.system' | 'audit.unknownUser' | `service.${Service | 'unknown'}`,
  params?: Record<string, string>,
) => string;

/**
 * The actor's name: a colleague's display name (with the user name when the directory shows
 * it), "Sistem (verifikasi)" for a service, "a user outside your area" when the directory
 * does not name them. Never a user id.
 */
export function actorName(actor: Actor, names: ReadonlyMap<string, Person>, words: Words): string {
  if (actor.role === 'system') {
    const service = systemService(actor.userId);
    return words('audit.system', { service: words(service ? `service.${service}` : 'service.unknown') });
  }
  const person = names.get(actor.userId);
  if (!person) return words('audit.unknownUser');
  return person.username ? `${person.name} (${person.username})` : person.name;
}
