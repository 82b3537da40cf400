import { ERASURE_STREAM_PREFIX, Topics } from '@siks/contracts';
import { startBatchEventConsumer } from '@siks/bus';
import { startSubscription, withGroupCommit, type Subscription } from '@siks/eventstore';
import type { Platform } from '@siks/platform';
import { createLogger, type Logger } from '@siks/service-kit';
import { COMPLAINT_STREAM_PREFIX } from './complaints/routes.ts';
import { POPULATION_REFERENCE_STREAM_PREFIX } from './imports/references.ts';
import { MEETING_STREAM_PREFIX } from './meetings/meeting.ts';
import { MEETINGS_SUBSCRIPTION, projectMeetingEvents } from './meetings/projection.ts';
import { applyCaseOutcomes } from './proposals/outcomes.ts';
import { projectPeople } from './erasure/people.ts';
import { projectEvents } from './proposals/projection.ts';
import { PROPOSAL_STREAM_PREFIX } from './proposals/repository.ts';
import { submitDueProposals } from './workers/deferred-submissions.ts';
import { sweepIdempotencyKeys } from './workers/idempotency-sweep.ts';
import { sweepComplaintAttempts } from './complaints/limiter.ts';
import { COMPLAINT_WINDOW_MS } from './complaints/routes.ts';
import { every } from './workers/periodic.ts';
import { defaultWindowConfig, type WindowConfig } from '@siks/contracts';

export interface WorkerDeps {
  platform: Pick<Platform, 'pool' | 'store' | 'bus' | 'keyring' | 'startRelay'>;
  logger?: Logger;
  clock?: () => Date;
  windows?: WindowConfig;
  /** Fallback polling of the read-model subscription (default 250 ms). */
  pollIntervalMs?: number;
  /** How often deferred submissions are submitted once their window opens (default 60 s). */
  deferredSubmissionIntervalMs?: number;
  /** How often expired Idempotency-Key answers are deleted (default 1 h). */
  idempotencySweepIntervalMs?: number;
}

export interface Workers {
  /** The read model's subscription (`caughtUp` resolves once it has read the log to its end). */
  readModel: Subscription;
  stop(): Promise<void>;
}

/** Consumer group of verification's decisions. */
export const OUTCOME_CONSUMER = 'intake.verification-outcomes';
/** Checkpoint of the read model `intake.proposals` / `intake.complaints`. */
export const READ_MODEL_SUBSCRIPTION = 'intake.read-model';

/**
 * Intake's background work (flow.md): the relay of its streams to `intake.proposals.v1`, the
 * read-model subscription, the consumer of `verification.cases.v1` that turns case
 * decisions into proposal events, the submission of deferred drafts when their window opens,
 * and the sweep of expired Idempotency-Key answers and complaint-form counts.
 */
export async function startWorkers(deps: WorkerDeps): Promise<Workers> {
  const { platform } = deps;
  const log = deps.logger ?? createLogger({ service: 'intake', level: 'info' });
  const clock = deps.clock ?? (() => new Date());
  const relay = platform.startRelay(Topics.intakeProposals, [
    PROPOSAL_STREAM_PREFIX,
    COMPLAINT_STREAM_PREFIX,
    POPULATION_REFERENCE_STREAM_PREFIX,
    MEETING_STREAM_PREFIX,
    ERASURE_STREAM_PREFIX,
  ]);
  const meetings = startSubscription({
    store: platform.store,
    pool: platform.pool,
    subscriptionId: MEETINGS_SUBSCRIPTION,
    streamPrefixes: [MEETING_STREAM_PREFIX],
    handle: (events, client) => projectMeetingEvents(events, client),
    onError: (error) => log.error({ err: error }, 'meetings read model failed; retrying'),
    ...(deps.pollIntervalMs !== undefined ? { pollIntervalMs: deps.pollIntervalMs } : {}),
  });
  const readModel = startSubscription({
    store: platform.store,
    pool: platform.pool,
    subscriptionId: READ_MODEL_SUBSCRIPTION,
    streamPrefixes: [PROPOSAL_STREAM_PREFIX, COMPLAINT_STREAM_PREFIX, ERASURE_STREAM_PREFIX],
    handle: async (events, client) => {
      await projectEvents(events, client, platform.keyring);
      await projectPeople(events, client, platform.keyring);
    },
    onError: (error) => log.error({ err: error }, 'read model subscription failed; retrying'),
    ...(deps.pollIntervalMs !== undefined ? { pollIntervalMs: deps.pollIntervalMs } : {}),
  });
  let consumer;
  try {
    // Whole batches: most case events concern intake not at all and cost only their inbox marks
    // (one statement, written last); decisions are appended on the pool, grouped into shared
    // commits when several proposals are decided in one batch.
    const outcomeDeps = {
      store: withGroupCommit(platform.store),
      sealer: platform.keyring,
      windows: deps.windows ?? defaultWindowConfig,
      clock,
      log,
    };
    consumer = await startBatchEventConsumer({
      bus: platform.bus,
      pool: platform.pool,
      name: OUTCOME_CONSUMER,
      topics: [Topics.verificationCases],
      handleBatch: async (events) => {
        await applyCaseOutcomes(outcomeDeps, events);
      },
    });
  } catch (error) {
    await Promise.all([readModel.stop(), meetings.stop(), relay.stop()]);
    throw error;
  }
  const started = consumer;
  const windows = deps.windows ?? defaultWindowConfig;
  const deferred = every(
    deps.deferredSubmissionIntervalMs ?? 60_000,
    () =>
      submitDueProposals({ pool: platform.pool, store: platform.store, sealer: platform.keyring, windows, clock, log }),
    (error) => log.error({ err: error }, 'deferred submissions failed; retrying'),
  );
  const sweep = every(
    deps.idempotencySweepIntervalMs ?? 3_600_000,
    () =>
      Promise.all([
        sweepIdempotencyKeys(platform.pool, clock),
        sweepComplaintAttempts(platform.pool, clock(), COMPLAINT_WINDOW_MS),
      ]),
    (error) => log.error({ err: error }, 'sweep of expired idempotency answers and complaint counts failed; retrying'),
  );
  return {
    readModel,
    async stop() {
      await Promise.all([deferred.stop(), sweep.stop()]);
      await started.stop();
      await Promise.all([readModel.stop(), meetings.stop(), relay.stop()]);
    },
  };
}
