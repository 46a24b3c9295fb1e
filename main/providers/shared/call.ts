// Per-call options every provider operation accepts, mapped onto GatewayRequest fields, and the two request
// envelopes most operations are: a retryable JSON POST and a free GET.
import type { Credential, GatewayRequest, Nanos, ProviderId, Units } from '../../gateway/types';

export interface CallOptions {
  /** Seed operation for hourly limits (content_analysis, script_generation, research…); each op has a default. */
  operation?: string;
  jobId?: string;
  contentId?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Per-call options of operations whose seed operation the client fixes itself (the media providers). */
export type CallContext = Omit<CallOptions, 'operation'>;

/** Options of a streaming operation: the call options plus a callback for each text delta (UI progress). */
export interface StreamCallOptions extends CallOptions {
  onDelta?: (text: string) => void;
}

/** The optional GatewayRequest fields carried by CallOptions, without undefined keys. */
export function callFields(options: CallOptions): Pick<GatewayRequest, 'jobId' | 'contentId' | 'signal' | 'timeoutMs'> {
  return {
    ...(options.jobId !== undefined ? { jobId: options.jobId } : {}),
    ...(options.contentId !== undefined ? { contentId: options.contentId } : {}),
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  };
}

export const JSON_HEADERS = { 'content-type': 'application/json' } as const;

export interface JsonPostSpec {
  provider: ProviderId;
  /** The seed operation (hourly limits) when the caller names none. */
  defaultOperation: string;
  endpoint: string;
  path: string;
  body: unknown;
  model: string;
  /** The reservation's bound; null when it cannot be bounded (unknown model, unbounded searches). */
  worstCaseCostNanos: Nanos | null;
  /** Pre-flight units, ledgered when the answer never says (cut streams, malformed bodies). */
  estimatedUnits: Units;
}

/** A retryable JSON POST: these operations only read or generate, so repeating one after a failure is safe. */
export function jsonPostRequest(spec: JsonPostSpec, credential: Credential, options: CallOptions): GatewayRequest {
  return {
    provider: spec.provider,
    operation: options.operation ?? spec.defaultOperation,
    endpoint: spec.endpoint,
    method: 'POST',
    path: spec.path,
    headers: { ...JSON_HEADERS },
    body: JSON.stringify(spec.body),
    model: spec.model,
    idempotent: true,
    worstCaseCostNanos: spec.worstCaseCostNanos,
    estimatedUnits: spec.estimatedUnits,
    credential,
    ...callFields(options),
  };
}

/** A GET of a free endpoint (models lists, balances, lookups): reserves nothing, retried freely, seeded as `health` unless told. */
export function freeGetRequest(
  provider: ProviderId,
  endpoint: string,
  path: string,
  credential: Credential,
  options: CallOptions,
): GatewayRequest {
  return {
    provider,
    operation: options.operation ?? 'health',
    endpoint,
    method: 'GET',
    path,
    idempotent: true,
    free: true,
    credential,
    ...callFields(options),
  };
}

/** What a provider health check learned from its free endpoint. */
export interface HealthInfo {
  /** The free endpoint that was called, e.g. "GET /models". */
  endpoint: string;
  /** A short, secret-free summary ("42 models", "$74.50 left"). */
  detail: string;
}
