// The gateway's public contract. Providers (main/providers/<id>/) plug into it; the ledger,
// pricing, limits and budgets sit behind it. Pure types + one error class: no I/O here.
import type { Readable } from 'node:stream';

export const PROVIDER_IDS = [
  'openai',
  'anthropic',
  'perplexity',
  'openrouter',
  'elevenlabs',
  'heygen',
  'exa',
  'twilio',
  'sendgrid',
  'apollo',
] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

/**
 * Usage in EXCLUSIVE buckets (DESIGN §3.4): a token is counted in exactly one bucket.
 * `input_tokens` = uncached, non-cache-write prompt tokens; `output_tokens` excludes reasoning.
 */
export interface Units {
  input_tokens?: number;
  cached_input_tokens?: number;
  cache_write_5m_tokens?: number;
  cache_write_1h_tokens?: number;
  output_tokens?: number;
  reasoning_tokens?: number;
  audio_input_tokens?: number;
  characters?: number;
  seconds?: number;
  segments?: number;
  minutes?: number;
  requests?: number;
  credits?: number;
  web_searches?: number;
}
export type UnitName = keyof Units;

export const COST_SOURCES = ['provider_reported', 'computed', 'estimated', 'unpriced'] as const;
export type CostSource = (typeof COST_SOURCES)[number];

/** Integer nano-USD (1 USD = 1e9). Money is never a float in the ledger. */
export type Nanos = number;

/** What a provider's parser extracts from one successful response (or stream). */
export interface Metered<T> {
  value: T;
  units: Units;
  /** The model the provider says served the call (may differ from the requested one). */
  model?: string;
  /** Provider-reported cost in nano-USD (OpenRouter usage.cost, Exa costDollars, Perplexity usage.cost). Wins over computed. */
  reportedCostNanos?: Nanos;
  providerRequestId?: string;
  /** True when the units are an estimate (aborted stream, text formats without usage). */
  estimated?: boolean;
  /** The endpoint is free (health checks, lists, balance): priced 0 as 'computed', never 'unpriced'. */
  free?: boolean;
  /** Provider-specific extras kept with the ledger row (e.g. service_tier). Must not contain secrets. */
  meta?: Record<string, string | number | boolean | null>;
}

export type ProviderErrorKind =
  | 'auth' // bad or missing key
  | 'permission' // key valid, plan lacks access
  | 'quota' // out of credits / insufficient_quota: not retryable
  | 'payment_required'
  | 'rate_limited'
  | 'overloaded'
  | 'bad_request'
  | 'not_found'
  | 'conflict'
  | 'server'
  | 'timeout'
  | 'network'
  | 'aborted'
  | 'malformed_response'
  | 'content_policy'
  | 'limit_exceeded'; // our own pre-flight limits (file too large, too many characters)

/** A typed provider failure. `retryable` is decided by the provider's classifier, never guessed later. */
export class ProviderError extends Error {
  readonly provider: ProviderId;
  readonly kind: ProviderErrorKind;
  readonly status: number | null;
  readonly retryable: boolean;
  readonly retryAfterMs: number | null;
  /** The provider's own code (e.g. "insufficient_quota", "quota_exceeded", "overloaded_error"). */
  readonly providerCode: string | null;
  readonly requestId: string | null;

  constructor(init: {
    provider: ProviderId;
    kind: ProviderErrorKind;
    message: string;
    status?: number | null;
    retryable?: boolean;
    retryAfterMs?: number | null;
    providerCode?: string | null;
    requestId?: string | null;
    cause?: unknown;
  }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ProviderError';
    this.provider = init.provider;
    this.kind = init.kind;
    this.status = init.status ?? null;
    this.retryable = init.retryable ?? false;
    this.retryAfterMs = init.retryAfterMs ?? null;
    this.providerCode = init.providerCode ?? null;
    this.requestId = init.requestId ?? null;
  }
}

export type Headers = Record<string, string | string[] | undefined>;

/** What a provider learns from response headers to feed the client-side limiter. */
export interface RateLimitHint {
  /** Requests left in the current window and when it resets (epoch ms). */
  requestsRemaining?: number;
  requestsResetAt?: number;
  tokensRemaining?: number;
  tokensResetAt?: number;
  /** Extra windows (Apollo minute/hour/day) keyed by name; `limit` is the window's size when the provider says. */
  windows?: Record<string, { remaining: number; resetAt?: number; limit?: number }>;
  /** In-flight requests vs the plan's cap (ElevenLabs `current-`/`maximum-concurrent-requests`, Twilio concurrency). */
  concurrency?: { current: number; limit?: number };
}

export interface Credential {
  /** The secret (API key, auth token). Lives only in main, never logged or stored outside the keychain. */
  secret: string;
  /** A second identifier where the provider needs one (Twilio Account SID / API key SID). */
  accountId?: string;
  /**
   * The public half of a split key, when there is one: Twilio API key SID (SK…). Twilio then
   * authenticates as `keyId:secret` while `accountId` stays in the URL path.
   */
  keyId?: string;
  /** Optional id of the integration (several keys per provider). */
  integrationId?: string;
}

/** Everything the gateway needs to know about one provider. Each provider folder exports one. */
export interface ProviderDescriptor {
  id: ProviderId;
  displayName: string;
  defaultBaseUrl: string;
  /** Extra hosts (HeyGen upload host) keyed by name, each overridable like the base URL. */
  extraBaseUrls?: Record<string, string>;
  authHeaders(credential: Credential): Record<string, string>;
  /** Maps a non-2xx response to a typed error with the right retryable flag. Never throws. */
  classifyError(status: number, headers: Headers, bodyText: string): ProviderError;
  /** Reads the provider's rate-limit headers (any format) into a hint; null when absent. */
  rateLimitHint(headers: Headers, now: number): RateLimitHint | null;
  /** Some providers report failures inside a 2xx (HeyGen v1 code != 100, Perplexity status:"failed"). */
  classifySuccessBody?(status: number, body: unknown): ProviderError | null;
}

export type RequestBody = string | Buffer | Uint8Array | Readable | FormData | null;
/** A body, or a factory called once per attempt (the only way a streamed Readable body can be retried). */
export type RequestBodySource = RequestBody | (() => RequestBody);

export interface GatewayRequest {
  provider: ProviderId;
  /** Seed operation for hourly limits: content_analysis, script_generation, voice_generation, video_generation, research, … */
  operation: string;
  /** Logical endpoint recorded in the ledger, e.g. "chat.completions". */
  endpoint: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path (with query) relative to the provider base URL, or to `baseUrlKey`'s URL. */
  path: string;
  baseUrlKey?: string;
  headers?: Record<string, string>;
  body?: RequestBodySource;
  /** Request body size when known up front (streams from disk). */
  bodyBytes?: number;
  model?: string;
  /** false for paid non-idempotent calls (renders, sends, enrich): never retried automatically. */
  idempotent: boolean;
  /**
   * The endpoint costs nothing (status polls, balances, health checks, lists): it never needs budget room, takes
   * no reservation and no write-ahead row. Everything else is paid.
   */
  free?: boolean;
  /** Worst-case cost for the budget reservation, when the provider computes it in nano-USD (LLM token bounds). */
  worstCaseCostNanos?: Nanos | null;
  /**
   * Worst-case units, priced by the gateway's pricer (price tables and the user's overrides) when
   * `worstCaseCostNanos` is not given. Neither, or units nobody prices = unknown cost: refused under a hard
   * budget unless a per-operation cap bounds it.
   */
  worstCaseUnits?: Units;
  /**
   * For paid non-idempotent calls made by a job: a key naming the step (default `<jobId>:<endpoint>`). A key
   * already taken means the call may have been sent before a crash, and it is not sent again.
   */
  onceKey?: string;
  /**
   * Pre-flight estimate of the units billed for this request (prompt tokens, TTS characters), ledgered as
   * `estimated` when an attempt that reached the provider ends without a usable response (abort, timeout, lost
   * connection, unparseable 2xx). Streams use `StreamConsumer.partial()` instead. Absent = such rows are `unpriced`.
   */
  estimatedUnits?: Units;
  credential: Credential;
  jobId?: string;
  contentId?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface ResponseMeta {
  status: number;
  headers: Headers;
  attempt: number;
}

/** A parsed server-sent event. */
export interface SseEvent {
  event: string | null;
  data: string;
  id: string | null;
}

/** Consumes a stream event by event; `partial()` is called on abort/timeout to ledger an estimate. */
export interface StreamConsumer<T> {
  /** May throw a ProviderError for an in-stream error event (Anthropic `event: error`). */
  onEvent(event: SseEvent): void;
  finish(meta: ResponseMeta): Metered<T>;
  partial(): Metered<T | null>;
  /** Whether the terminal event arrived ([DONE], message_stop). A stream that ends without it is truncated. */
  isComplete?(): boolean;
}

export interface GatewayResult<T> {
  value: T;
  callId: string;
  attempts: number;
  costNanos: Nanos | null;
  costSource: CostSource;
  provider: ProviderId;
  model: string | null;
  latencyMs: number;
}

export interface Gateway {
  /** A JSON (or empty-bodied) response, parsed by `parse`. */
  json<T>(req: GatewayRequest, parse: (body: unknown, meta: ResponseMeta) => Metered<T>): Promise<GatewayResult<T>>;
  /** A server-sent-events response. Never retried once the first byte arrived. */
  stream<T>(req: GatewayRequest, consumer: StreamConsumer<T>): Promise<GatewayResult<T>>;
  /** A binary body (audio, video) handed to `sink` as a stream; the sink meters it. */
  binary<T>(
    req: GatewayRequest,
    sink: (body: Readable, meta: ResponseMeta) => Promise<Metered<T>>,
  ): Promise<GatewayResult<T>>;
}
