// Ledger rows and finished jobs -> span records following the OpenTelemetry GenAI semantic conventions, with
// `aicon.*` attributes for what they have no name for (non-token units, cost, cost source, price version).
// Ids are derived from stable ledger/job ids, so a child queued before its parent job finished, and a late
// settlement queued days after its call, land on the right trace and span in the backend.
import { createHash } from 'node:crypto';
import type { Job } from '../../preload/contract/jobs';
import { redactSecrets } from '../core/redact';
import type { UnitName } from '../gateway/types';
import type { FollowedAttempt, FollowedCostChange } from '../ledger/follow';

export type AttrValue = string | number | boolean;
export type Attrs = Record<string, AttrValue>;

/** A finished span built from a ledger row or job (plain data; turned into an SDK ReadableSpan when sent). */
export interface SpanRecord {
  name: string;
  kind: 'client' | 'internal';
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  startMs: number;
  endMs: number;
  /** Set when the operation failed: the span's status is ERROR with this description. */
  error?: string;
  attributes: Attrs;
  links?: Array<{ traceId: string; spanId: string; attributes: Attrs }>;
}

export interface SpanContextOptions {
  /** This installation's id: keeps ids from two desktops apart in one backend. */
  installId: string;
  /** The outermost job of a job's parent chain (the workflow run whose trace its calls join). */
  rootJobOf: (jobId: string) => string;
  /** Prompts, outputs and error texts; off by default. */
  includeContent: boolean;
}

const MAX_CONTENT_CHARS = 8_000;
const NANOS_PER_USD = 1e9;

/** Endpoints that are a chat/messages exchange with a model, whatever the provider calls them. */
const CHAT_ENDPOINTS = new Set(['chat.completions', 'messages', 'responses', 'agent']);
const OPERATION_BY_ENDPOINT: Record<string, string> = { completions: 'text_completion', embeddings: 'embeddings' };
/** Operations that produce media from a prompt or script: GenAI's multimodal "generate_content". */
const CONTENT_OPERATIONS = new Set(['voice_generation', 'video_generation', 'avatar_creation']);

/** Token buckets the GenAI conventions name; every other unit goes out as `aicon.usage.<unit>`. */
const TOKEN_UNITS: ReadonlySet<UnitName> = new Set<UnitName>([
  'input_tokens',
  'cached_input_tokens',
  'cache_write_5m_tokens',
  'cache_write_1h_tokens',
  'output_tokens',
  'reasoning_tokens',
]);

function hexId(bytes: 8 | 16, ...parts: string[]): string {
  return createHash('sha256')
    .update(parts.join('\u0000'))
    .digest('hex')
    .slice(0, bytes * 2);
}

export const attemptSpanId = (o: SpanContextOptions, rowId: number): string =>
  hexId(8, o.installId, 'attempt', String(rowId));
export const jobSpanId = (o: SpanContextOptions, jobId: string): string => hexId(8, o.installId, 'job', jobId);

const jobTraceId = (o: SpanContextOptions, rootJobId: string): string => hexId(16, o.installId, 'trace-job', rootJobId);

/** A job's calls share the trace of its outermost job; a call outside any job is a trace of its own. */
function traceOf(o: SpanContextOptions, a: { callId: string; jobId: string | null }): string {
  return a.jobId ? jobTraceId(o, o.rootJobOf(a.jobId)) : hexId(16, o.installId, 'trace-call', a.callId);
}

export function genAiOperation(a: Pick<FollowedAttempt, 'endpoint' | 'operation'>): string {
  if (CHAT_ENDPOINTS.has(a.endpoint)) return 'chat';
  return OPERATION_BY_ENDPOINT[a.endpoint] ?? (CONTENT_OPERATIONS.has(a.operation) ? 'generate_content' : a.operation);
}

const text = (s: string, max = 200): string => redactSecrets(s).slice(0, max);

/** Usage and cost attributes of an attempt as it stands (shared by the call span and its settlement updates). */
function usageAttributes(a: FollowedAttempt): Attrs {
  const u = a.units;
  const out: Attrs = {};
  const cacheRead = u.cached_input_tokens ?? 0;
  const cacheWrite = (u.cache_write_5m_tokens ?? 0) + (u.cache_write_1h_tokens ?? 0);
  const reasoning = u.reasoning_tokens ?? 0;
  // The ledger's buckets are exclusive; the conventions' input includes cache reads/writes and audio input,
  // and output includes reasoning.
  if (u.input_tokens !== undefined || cacheRead || cacheWrite || u.audio_input_tokens) {
    out['gen_ai.usage.input_tokens'] = (u.input_tokens ?? 0) + cacheRead + cacheWrite + (u.audio_input_tokens ?? 0);
  }
  if (u.output_tokens !== undefined || reasoning)
    out['gen_ai.usage.output_tokens'] = (u.output_tokens ?? 0) + reasoning;
  if (cacheRead) out['gen_ai.usage.cache_read.input_tokens'] = cacheRead;
  if (cacheWrite) out['gen_ai.usage.cache_creation.input_tokens'] = cacheWrite;
  if (reasoning) out['gen_ai.usage.reasoning.output_tokens'] = reasoning;
  for (const [name, value] of Object.entries(u) as Array<[UnitName, number]>) {
    if (!TOKEN_UNITS.has(name)) out[`aicon.usage.${name}`] = value;
  }
  out['aicon.cost.source'] = a.costSource;
  if (a.costNanos !== null) {
    out['aicon.cost.usd'] = a.costNanos / NANOS_PER_USD;
    out['aicon.cost.nanos_usd'] = a.costNanos;
  }
  if (a.priceVersion) out['aicon.cost.price_version'] = a.priceVersion;
  out['aicon.usage.estimated'] = a.estimated;
  return out;
}

function identity(a: FollowedAttempt): Attrs {
  const out: Attrs = {
    'gen_ai.provider.name': a.provider,
    'gen_ai.operation.name': genAiOperation(a),
    'aicon.operation': a.operation,
    'aicon.call_id': a.callId,
    'aicon.ledger.row_id': a.rowId,
  };
  if (a.model) out['gen_ai.request.model'] = a.model;
  return out;
}

/** One ledger attempt -> one CLIENT span with its real start and end. */
export function attemptSpan(o: SpanContextOptions, a: FollowedAttempt): SpanRecord {
  const op = genAiOperation(a);
  const attributes: Attrs = {
    ...identity(a),
    'aicon.attempt': a.attempt,
    'aicon.endpoint': a.endpoint,
    'aicon.free': a.free,
    ...usageAttributes(a),
  };
  if (a.method) attributes['http.request.method'] = a.method.toUpperCase();
  if (a.status !== null) attributes['http.response.status_code'] = a.status;
  if (a.providerRequestId) {
    attributes['aicon.provider_request_id'] = a.providerRequestId;
    if (op === 'chat') attributes['gen_ai.response.id'] = a.providerRequestId;
  }
  if (a.jobId) attributes['aicon.job.id'] = a.jobId;
  if (a.contentId) attributes['aicon.content_id'] = a.contentId;
  if (a.requestBytes !== null) attributes['http.request.body.size'] = a.requestBytes;
  attributes['http.response.body.size'] = a.responseBytes;
  if (a.errorCode) attributes['error.type'] = text(a.errorCode, 100);
  if (a.errorCode && a.errorMessage && o.includeContent) attributes['aicon.error.message'] = text(a.errorMessage, 1000);
  const span: SpanRecord = {
    name: a.model ? `${op} ${a.model}` : `${op} ${a.provider}`,
    kind: 'client',
    traceId: traceOf(o, a),
    spanId: attemptSpanId(o, a.rowId),
    startMs: a.ts,
    endMs: a.ts + Math.max(0, a.latencyMs),
    attributes,
  };
  if (a.jobId) span.parentSpanId = jobSpanId(o, a.jobId);
  if (a.errorCode) span.error = text(a.errorCode, 100);
  return span;
}

/**
 * A late settlement or re-pricing -> a zero-length child of the call's span carrying the final units and cost under
 * the same `aicon.call_id` and `aicon.ledger.row_id`, linked to the original span: backends join it to the call.
 */
export function costChangeSpan(o: SpanContextOptions, c: FollowedCostChange): SpanRecord {
  const a = c.attempt;
  const callSpanId = attemptSpanId(o, a.rowId);
  const traceId = traceOf(o, a);
  const attributes: Attrs = {
    ...identity(a),
    'aicon.cost_change.reason': c.reason,
    'aicon.cost_change.id': c.historyId,
    'aicon.cost_change.previous_source': c.oldCostSource,
    ...usageAttributes(a),
  };
  if (c.oldCostNanos !== null) attributes['aicon.cost_change.previous_usd'] = c.oldCostNanos / NANOS_PER_USD;
  if (a.providerRequestId) attributes['aicon.provider_request_id'] = a.providerRequestId;
  return {
    name: `${c.reason} ${a.provider}`,
    kind: 'internal',
    traceId,
    spanId: hexId(8, o.installId, 'cost-change', String(c.historyId)),
    parentSpanId: callSpanId,
    startMs: c.changedAt,
    endMs: c.changedAt,
    attributes,
    links: [{ traceId, spanId: callSpanId, attributes: { 'aicon.link': 'settles' } }],
  };
}

const jsonText = (v: unknown): string => text(JSON.stringify(v ?? null), MAX_CONTENT_CHARS);

/** A finished job (a workflow step) -> the INTERNAL parent span of the calls it made. */
export function jobSpan(o: SpanContextOptions, job: Job): SpanRecord {
  const startMs = Date.parse(job.startedAt ?? job.createdAt);
  const endMs = Date.parse(job.finishedAt ?? job.updatedAt);
  const attributes: Attrs = {
    'gen_ai.operation.name': 'invoke_workflow',
    'aicon.job.id': job.id,
    'aicon.job.kind': job.kind,
    'aicon.job.state': job.state,
    'aicon.job.attempts': job.attempts,
  };
  if (job.estimatedCostNanos !== null)
    attributes['aicon.job.estimated_cost.usd'] = job.estimatedCostNanos / NANOS_PER_USD;
  if (job.actualCostNanos !== null) attributes['aicon.cost.usd'] = job.actualCostNanos / NANOS_PER_USD;
  if (job.contentId) attributes['aicon.content_id'] = job.contentId;
  if (job.error) attributes['error.type'] = text(job.error.code, 100);
  if (o.includeContent) {
    attributes['aicon.job.input'] = jsonText(job.input);
    if (job.output !== null) attributes['aicon.job.output'] = jsonText(job.output);
    if (job.error) attributes['aicon.error.message'] = text(job.error.message, 1000);
  }
  const span: SpanRecord = {
    name: `invoke_workflow ${job.kind}`,
    kind: 'internal',
    traceId: jobTraceId(o, o.rootJobOf(job.id)),
    spanId: jobSpanId(o, job.id),
    startMs,
    endMs: Math.max(startMs, endMs),
    attributes,
  };
  if (job.parentId) span.parentSpanId = jobSpanId(o, job.parentId);
  if (job.state === 'failed') span.error = job.error?.code ?? 'failed';
  return span;
}

/** Shorter values are not scrubbed by value: they would match ordinary text. */
const MIN_SECRET_LENGTH = 8;

/** Replaces every occurrence of a known secret in the spans' string attributes (in place) and returns them. */
export function scrubSecrets(spans: SpanRecord[], secrets: readonly string[]): SpanRecord[] {
  const values = secrets.filter((v) => v.length >= MIN_SECRET_LENGTH);
  if (values.length === 0) return spans;
  const scrub = (attrs: Attrs) => {
    for (const [k, v] of Object.entries(attrs)) {
      if (typeof v !== 'string') continue;
      let out = v;
      for (const secret of values) if (out.includes(secret)) out = out.split(secret).join('[redacted]');
      attrs[k] = out;
    }
  };
  for (const s of spans) {
    scrub(s.attributes);
    for (const l of s.links ?? []) scrub(l.attributes);
  }
  return spans;
}
