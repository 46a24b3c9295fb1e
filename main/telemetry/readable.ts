// Span records built from ledger rows and jobs -> the SDK's ReadableSpan, with their recorded start and end times (spans are
// built after the fact, so the SDK's Tracer, which stamps "now", is not used).
import { SpanKind, SpanStatusCode, TraceFlags, type Link } from '@opentelemetry/api';
import { hrTimeDuration, millisToHrTime, type InstrumentationScope } from '@opentelemetry/core';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { SpanRecord } from './spans';

export interface Origin {
  appVersion: string;
  installId: string;
  deviceName: string;
}

export const INSTRUMENTATION_SCOPE_NAME = 'aicon-studio.ledger';

export function resourceFor(o: Origin): Resource {
  return resourceFromAttributes({
    'service.name': 'aicon-studio',
    'service.version': o.appVersion,
    'service.instance.id': o.installId,
    'host.name': o.deviceName,
    'aicon.device.name': o.deviceName,
  });
}

export const scopeFor = (o: Origin): InstrumentationScope => ({
  name: INSTRUMENTATION_SCOPE_NAME,
  version: o.appVersion,
});

const context = (traceId: string, spanId: string) => ({ traceId, spanId, traceFlags: TraceFlags.SAMPLED });

export function toReadableSpan(r: SpanRecord, resource: Resource, scope: InstrumentationScope): ReadableSpan {
  const startTime = millisToHrTime(r.startMs);
  const endTime = millisToHrTime(r.endMs);
  const links: Link[] = (r.links ?? []).map((l) => ({
    context: context(l.traceId, l.spanId),
    attributes: l.attributes,
  }));
  return {
    name: r.name,
    kind: r.kind === 'client' ? SpanKind.CLIENT : SpanKind.INTERNAL,
    spanContext: () => context(r.traceId, r.spanId),
    ...(r.parentSpanId ? { parentSpanContext: context(r.traceId, r.parentSpanId) } : {}),
    startTime,
    endTime,
    duration: hrTimeDuration(startTime, endTime),
    status: r.error ? { code: SpanStatusCode.ERROR, message: r.error } : { code: SpanStatusCode.UNSET },
    attributes: r.attributes,
    links,
    events: [],
    ended: true,
    resource,
    instrumentationScope: scope,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}
