import {
  deterministicId,
  MAX_READ_SUBJECTS,
  personalReadStreamPrefix,
  PersonalReadEventSchemas,
  type NewEvent,
  type PersonalField,
  type ReadSubject,
} from '@siks/contracts';
import { WrongExpectedRevisionError, type EventStore } from '@siks/eventstore';
import { toEventActor, type AuthenticatedActor } from '../auth/actor.ts';
import { ProblemError } from '../errors/problem.ts';
import { currentTraceparent } from '../telemetry.ts';
import type { PersonalReadLimits } from './config.ts';
import { accessRegion } from './read-region.ts';

/** Services that show personal data and record its reads. */
export type ReadingService = 'intake' | 'document' | 'verification' | 'registry';

/** What a route tells about one read (never a personal value). */
export interface PersonalRead {
  /** `<service>.<what>`, e.g. `intake.proposal.detail`. */
  purpose: string;
  subjects: readonly ReadSubject[];
  fields: readonly PersonalField[];
  /** Regions of the records shown (the event is filed under their nearest common region). */
  regions: readonly string[];
  /** Rows of names or identity numbers shown, counted against the daily budget (lists; default 0). */
  rows?: number;
}

/** What the log reads of a request (a fastify request has it). */
export interface ReaderRequest {
  readonly actor: AuthenticatedActor;
  readonly id: string;
}

export interface PersonalReadLog {
  /**
   * Before a list that shows names or identity numbers: 429 when the reader's budget for today
   * is spent, else the page size to fetch (`asked` cut to the page cap). The page that crosses
   * the budget is still answered; the next one is refused.
   */
  openList(actor: AuthenticatedActor, asked: number): Promise<number>;
  /** Appends the read as a `PersonalDataRead` event. Call it before answering: no record, no answer. */
  record(request: ReaderRequest, read: PersonalRead): Promise<void>;
}

export interface PersonalReadLogDeps {
  store: Pick<EventStore, 'append' | 'readStream'>;
  service: ReadingService;
  limits: PersonalReadLimits;
  now: () => Date;
  newId: () => string;
}

/** Appends losing to a concurrent read of the same reader are retried this often (one reader has few requests at once). */
const MAX_ATTEMPTS = 50;

/** `reads-<service>-<yyyy-mm-dd>-<reader>`: one stream per reader and day keeps appends from contending. */
export function personalReadStream(service: ReadingService, userId: string, at: Date): string {
  return `${personalReadStreamPrefix(service)}${at.toISOString().slice(0, 10)}-${deterministicId('personal-reads.reader', userId)}`;
}

/** The 429 of a spent budget, in the caller's language; `Retry-After` names the next UTC midnight. */
export function readBudgetExhausted(limit: number, now: Date): ProblemError {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return new ProblemError({
    status: 429,
    code: 'personal_read_budget_exhausted',
    params: { limit },
    extensions: { limit },
    headers: { 'retry-after': String(Math.max(1, Math.ceil((midnight - now.getTime()) / 1000))) },
  });
}

/**
 * Records reads of personal data as events in the event store (one shared way for every service,
 * DESIGN.md §6) and keeps the daily budget of list rows, counted in those same events: each
 * carries the reader's running total (`rowsToday`), appended at the stream's exact revision so
 * two reads at once cannot both count from the same total.
 */
export function createPersonalReadLog(deps: PersonalReadLogDeps): PersonalReadLog {
  const { store, service, limits } = deps;

  async function lastTotal(stream: string): Promise<{ total: number; revision: number | 'no_stream' }> {
    const [last] = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
    if (!last) return { total: 0, revision: 'no_stream' };
    const total = last.data['rowsToday'];
    return { total: typeof total === 'number' ? total : 0, revision: last.revision };
  }

  return {
    async openList(actor, asked) {
      const now = deps.now();
      const { total } = await lastTotal(personalReadStream(service, actor.userId, now));
      if (total >= limits.dailyBudget) throw readBudgetExhausted(limits.dailyBudget, now);
      return Math.min(asked, limits.pageMax);
    },

    async record(request, read) {
      const at = deps.now();
      const stream = personalReadStream(service, request.actor.userId, at);
      const rows = read.rows ?? 0;
      const traceparent = currentTraceparent();
      const eventId = deps.newId();
      const subjects = uniqueSubjects(read.subjects).slice(0, MAX_READ_SUBJECTS);
      for (let attempt = 1; ; attempt++) {
        const { total, revision } = await lastTotal(stream);
        const data = PersonalReadEventSchemas.PersonalDataRead.data.parse({
          purpose: read.purpose,
          subjects,
          fields: [...new Set(read.fields)],
          regionCode: accessRegion(read.regions, request.actor.regionCode),
          rows,
          rowsToday: total + rows,
        });
        const event: NewEvent = {
          eventId,
          type: 'PersonalDataRead',
          schemaVersion: PersonalReadEventSchemas.PersonalDataRead.schemaVersion,
          data,
          metadata: {
            actor: toEventActor(request.actor),
            channel: 'operator',
            occurredAt: at.toISOString(),
            correlationId: request.id,
            causationId: null,
            ...(traceparent !== undefined ? { traceparent } : {}),
          },
        };
        try {
          await store.append(stream, [event], revision);
          return;
        } catch (error) {
          if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw error;
        }
      }
    },
  };
}

function uniqueSubjects(subjects: readonly ReadSubject[]): ReadSubject[] {
  const seen = new Set<string>();
  return subjects.filter((subject) => {
    const key = `${subject.kind}:${subject.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
