import type { Actor, RecordedEvent } from '@siks/contracts';

/** Test support (not a test): a recorded event with sensible defaults. */
export function recorded(
  streamId: string,
  type: string,
  data: Record<string, unknown>,
  options: { revision?: number; at?: string; actor?: Actor; reason?: string } = {},
): RecordedEvent {
  const at = options.at ?? '2025-06-16T02:00:00.000Z';
  return {
    eventId: '01978f3c-0000-7000-8000-000000000001',
    type,
    schemaVersion: 1,
    data,
    metadata: {
      actor: options.actor ?? { userId: 'op-1', role: 'operator_desa', regionCode: '52.02.01.1001' },
      channel: 'operator',
      occurredAt: at,
      correlationId: 'c',
      causationId: null,
      ...(options.reason ? { reason: options.reason } : {}),
    },
    streamId,
    revision: options.revision ?? 0,
    logPosition: '1:1',
    recordedAt: at,
    hash: 'h',
  };
}
