import { recordDeadLetter } from './bus-metrics.ts';
import { backoffDelay, type Backoff } from './backoff.ts';
import { infrastructureFailure } from './failure.ts';
import {
  DeadLetterHeaders,
  deadLetterTopic,
  isForGroup,
  type BusMessage,
  type ConsumerOptions,
  type OutgoingMessage,
} from './port.ts';

/** A fetched message before it is handed out (the attempt is counted here). */
export type FetchedMessage = Omit<BusMessage, 'attempt'>;

export interface DeliveryContext {
  groupId: string;
  handle: ConsumerOptions['handle'];
  maxAttempts: number;
  maxBatchSize: number;
  retryDelayMs: number;
  /** Pauses between retries of a failure of the infrastructure (which are not counted). */
  infrastructureBackoff?: Backoff;
  /** Told of each failure of the infrastructure before its retry (the consumer's `onError`). */
  onInfrastructureFailure?: (error: unknown) => void;
  /** Publishes a dead-lettered message to `<topic>.dlq`. */
  deadLetter(topic: string, message: OutgoingMessage): Promise<void>;
  /** Commits `nextOffset` (the offset after the last handled message) for the partition. */
  commit(nextOffset: string): Promise<void>;
  /** False once the member stops or loses the partition: delivery ends at once. */
  isActive(): boolean;
  /** A pause that ends early when the member stops. */
  sleep(ms: number): Promise<void>;
  now(): Date;
}

export const deliveryDefaults = { maxAttempts: 5, maxBatchSize: 100, retryDelayMs: 200 } as const;

const MAX_ERROR_LENGTH = 2000;

/** Error text kept with a dead letter (error messages carry no personal data, by project rule). */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}

export function deadLetterOf(
  message: FetchedMessage,
  error: unknown,
  attempts: number,
  groupId: string,
  failedAt: Date,
): OutgoingMessage {
  return {
    key: message.key,
    value: message.value,
    headers: {
      ...message.headers,
      [DeadLetterHeaders.error]: errorText(error),
      [DeadLetterHeaders.topic]: message.topic,
      [DeadLetterHeaders.partition]: String(message.partition),
      [DeadLetterHeaders.offset]: message.offset,
      [DeadLetterHeaders.attempts]: String(attempts),
      [DeadLetterHeaders.groupId]: groupId,
      [DeadLetterHeaders.failedAt]: failedAt.toISOString(),
    },
  };
}

/** The offset after `message`: what a group commits once it is handled. */
export const nextOffset = (message: FetchedMessage): string => (BigInt(message.offset) + 1n).toString();

/**
 * Hands consecutive messages of one partition to the handler in batches, commits after each
 * success, and on failure narrows to one message at a time; a message that failed
 * `maxAttempts` times (the last on its own) is dead-lettered and committed past. A failure of
 * the infrastructure (`infrastructureFailure`) is retried, the batch as it was, after a
 * backoff, for as long as it lasts, and is not counted. Messages replayed for another group
 * are committed past without being handed out. Returns how many messages are done (handled or
 * dead-lettered, and committed); fewer than given when the member stopped or lost the
 * partition. Commit errors propagate. `attemptsBefore`: attempts each message has had
 * already (a failed delivery together with other partitions).
 */
export async function deliverPartition(
  messages: readonly FetchedMessage[],
  context: DeliveryContext,
  attemptsBefore = 0,
): Promise<number> {
  const failures: number[] = messages.map(() => attemptsBefore);
  let index = 0;
  let oneAtATime = false;
  let outageRetries = 0;
  while (index < messages.length && context.isActive()) {
    const batch = messages.slice(index, index + (oneAtATime ? 1 : context.maxBatchSize));
    const handedOut = batch.flatMap((message, i) =>
      isForGroup(message, context.groupId) ? [{ ...message, attempt: failures[index + i]! + 1 }] : [],
    );
    try {
      if (handedOut.length > 0) await context.handle(handedOut);
    } catch (error) {
      if (infrastructureFailure(error) !== undefined) {
        context.onInfrastructureFailure?.(error);
        outageRetries += 1;
        if (!context.isActive()) break;
        await context.sleep(backoffDelay(outageRetries, context.infrastructureBackoff));
        continue;
      }
      outageRetries = 0;
      for (let i = 0; i < batch.length; i++) failures[index + i]! += 1;
      if (batch.length > 1) {
        oneAtATime = true;
        continue;
      }
      const message = batch[0]!;
      const attempts = failures[index]!;
      if (!context.isActive()) break;
      if (attempts < context.maxAttempts) {
        await context.sleep(context.retryDelayMs * attempts);
        continue;
      }
      await context.deadLetter(
        deadLetterTopic(message.topic),
        deadLetterOf(message, error, attempts, context.groupId, context.now()),
      );
      recordDeadLetter(message.topic, context.groupId);
      await context.commit(nextOffset(message));
      index += 1;
      continue;
    }
    outageRetries = 0;
    await context.commit(nextOffset(batch[batch.length - 1]!));
    index += batch.length;
  }
  return index;
}
