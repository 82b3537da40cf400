import type { NewEvent, RecordedEvent } from '@siks/contracts';

/**
 * What the appender expects the stream to be before its events are added.
 * - `any`: no check; `no_stream`: the stream must not exist; `stream_exists`: it must exist;
 * - a number: the revision of the stream's last event (0 after one event).
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface AppendResult {
  /** Revision of the stream's last event after this append. */
  nextExpectedRevision: number;
  /** Global log cursor of each appended event, in order. */
  logPositions: string[];
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive start; defaults to the first (forwards) or the last (backwards) event. */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events after this cursor. Omit (or '') for the beginning of the log. */
  after?: string;
  maxCount?: number;
  /** Only streams whose id starts with one of these prefixes. */
  streamPrefixes?: readonly string[];
}

/** A page of the global log: the events read, and the cursor to continue from. */
export interface ReadAllPage {
  events: RecordedEvent[];
  /**
   * Continue after this cursor. For a filtered read it may lie beyond the last event returned:
   * the store looked that far and found nothing else of the filter, so a subscriber can keep
   * its checkpoint moving through other services' events instead of scanning them again.
   */
  next: string;
}

/**
 * Whether one stream's hash chain holds (DESIGN.md §6: tamper evidence). `unsupported` for a
 * store that keeps no chain (both adapters here keep one: PostgreSQL in its rows, KurrentDB in
 * each event's metadata).
 */
export type StreamVerification =
  | { status: 'verified'; events: number; headHash: string }
  | { status: 'broken'; revision: number; reason: string }
  | { status: 'not_found' }
  | { status: 'unsupported' };

/** The event store port (DESIGN.md §4). Both adapters pass the same contract suite. */
export interface OnAppendedOptions {
  /**
   * The listener reads only streams with these prefixes: appends to other streams need not wake
   * it (a hint an adapter may use; wake-ups stay possibly spurious).
   */
  streamPrefixes?: readonly string[];
}

export interface EventStore {
  /**
   * Appends all `events` atomically. Fails with `WrongExpectedRevisionError` when the stream
   * is not as expected. Re-appending event ids already in the stream writes nothing and
   * returns their original positions.
   */
  append(streamId: string, events: readonly NewEvent[], expected?: ExpectedRevision): Promise<AppendResult>;
  /** Events of one stream; an empty array when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * The global log in its stable order. Never returns an event while an earlier one (in that
   * order) may still commit: a late-committing writer is waited for, never skipped.
   */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Like `readAll`, with the cursor to continue from (see `ReadAllPage.next`). */
  readAllPage(options?: ReadAllOptions): Promise<ReadAllPage>;
  /** The current revision of a stream, or undefined when it does not exist. */
  streamRevision(streamId: string): Promise<number | undefined>;
  /**
   * The log position of the newest event committed so far (of streams with one of
   * `streamPrefixes`, when given), whether or not `readAll` may return it yet; '' when there is
   * none. A reader whose cursor has reached it has read every such event committed before the
   * call: what waits for a reader to catch up compares with this, not with an empty page, which
   * the read horizon can give for a moment while an older transaction commits.
   */
  lastPosition(options?: Pick<ReadAllOptions, 'streamPrefixes'>): Promise<string>;
  /**
   * Calls `listener` when new events may be readable (LISTEN/NOTIFY on PostgreSQL).
   * Returns a function that stops listening. Wake-ups may be lost or spurious: readers poll too.
   */
  onAppended(listener: () => void, options?: OnAppendedOptions): Promise<() => Promise<void>>;
  /** Recomputes one stream's hash chain from its stored events (see `StreamVerification`). */
  verifyStream(streamId: string): Promise<StreamVerification>;
  close(): Promise<void>;
}
