import {
  context,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Link,
  type Span,
  type SpanContext,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { BusMessage } from './port.ts';

/**
 * Spans of the bus: a relay's publish of an event and a consumer's handling of a delivery, each
 * in the trace of the request that caused the event (DESIGN.md §9). Attributes name topics,
 * groups, event ids and types only — never a key's or value's content beyond the aggregate id.
 * Without an OpenTelemetry SDK the tracer is a no-op and this costs next to nothing.
 */
const tracer = trace.getTracer('@siks/bus');
const w3c = new W3CTraceContextPropagator();
const getter = {
  get: (carrier: Record<string, string>, key: string) => carrier[key],
  keys: (carrier: Record<string, string>) => Object.keys(carrier),
};
const setter = { set: (carrier: Record<string, string>, key: string, value: string) => (carrier[key] = value) };

/** The span context of a W3C `traceparent`, when it is one. */
export function spanContextOf(traceparent: string | undefined): SpanContext | undefined {
  if (!traceparent) return undefined;
  const spanContext = trace.getSpanContext(w3c.extract(ROOT_CONTEXT, { traceparent }, getter));
  return spanContext && trace.isSpanContextValid(spanContext) ? spanContext : undefined;
}

/** The `traceparent` of a span (undefined for the no-op spans of a disabled tracer). */
export function traceparentOf(span: Span): string | undefined {
  if (!span.isRecording()) return undefined;
  const carrier: Record<string, string> = {};
  w3c.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, setter);
  return carrier['traceparent'];
}

const parentOf = (traceparent: string | undefined): Context => {
  const spanContext = spanContextOf(traceparent);
  return spanContext ? trace.setSpanContext(ROOT_CONTEXT, spanContext) : ROOT_CONTEXT;
};

export interface PublishedEventInfo {
  eventId: string;
  type: string;
  traceparent?: string | undefined;
}

/** One producer span per relayed event, child of the event's `traceparent` (the request that appended it). */
export function startPublishSpans(topic: string, events: readonly PublishedEventInfo[]): Span[] {
  return events.map((event) =>
    tracer.startSpan(
      `${topic} publish`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.operation.type': 'send',
          'messaging.destination.name': topic,
          'messaging.message.id': event.eventId,
          'siks.event.type': event.type,
        },
      },
      parentOf(event.traceparent),
    ),
  );
}

/** Ends spans, marking them failed with `error` when given. */
export function endSpans(spans: readonly Span[], error?: unknown): void {
  for (const span of spans) {
    if (error !== undefined) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end();
  }
}

/** Links kept on a batch span (a batch of 500 events from 500 requests needs no more to be found). */
const MAX_LINKS = 128;

/**
 * Runs a consumer's handling of one delivery in a span. When the delivery's messages all belong
 * to one trace (or to none), the span continues that trace. When they come from several, the
 * handling is one batch span of its own that links the traces of its messages, and each of those
 * traces also gets a span for this delivery (a child of its first message), so that every
 * request's trace shows each consumer that handled its events.
 */
export async function traceDelivery<T>(
  groupId: string,
  messages: readonly BusMessage[],
  handle: () => Promise<T>,
): Promise<T> {
  const topics = [...new Set(messages.map((message) => message.topic))].join(',');
  const byTrace = new Map<string, SpanContext>();
  const links: Link[] = [];
  for (const message of messages) {
    const spanContext = spanContextOf(message.headers['traceparent']);
    if (!spanContext) continue;
    if (!byTrace.has(spanContext.traceId)) byTrace.set(spanContext.traceId, spanContext);
    if (links.length < MAX_LINKS) links.push({ context: spanContext });
  }
  const attributes = {
    'messaging.operation.type': 'process',
    'messaging.destination.name': topics,
    'messaging.consumer.group.name': groupId,
    'messaging.batch.message_count': messages.length,
  };
  const name = `${groupId} process`;
  const parents = [...byTrace.values()];
  const single = parents.length <= 1;
  const span = tracer.startSpan(
    name,
    { kind: SpanKind.CONSUMER, attributes, ...(single ? {} : { links }) },
    single && parents[0] ? trace.setSpanContext(ROOT_CONTEXT, parents[0]) : ROOT_CONTEXT,
  );
  const perTrace = single
    ? []
    : parents.map((parent) =>
        tracer.startSpan(
          name,
          { kind: SpanKind.CONSUMER, attributes, links: [{ context: span.spanContext() }] },
          trace.setSpanContext(ROOT_CONTEXT, parent),
        ),
      );
  const spans = [span, ...perTrace];
  try {
    const result = await context.with(trace.setSpan(ROOT_CONTEXT, span), handle);
    endSpans(spans);
    return result;
  } catch (error) {
    endSpans(spans, error);
    throw error;
  }
}
