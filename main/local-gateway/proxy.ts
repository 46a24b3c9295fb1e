// One pass-through call: authenticate the virtual key, check limits and budgets (the app's own Limiter and
// BudgetGuard, then the key's), swap in the real key, stream the request up and the response back unchanged,
// meter it with the provider's usage parser, price it with the app's Pricer and write one ledger row tagged
// with the key. Never retried here: the client's SDK decides that, and sees the provider's own status and body.
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Dispatcher } from 'undici';
import { isAppError } from '../core/errors';
import { redactSecrets, registerSecret } from '../core/redact';
import type { AttemptRecord, BudgetGuard, LedgerSink, Limiter, Pricer, Reservation } from '../gateway/deps';
import { reserveAndAdmit } from '../gateway/admission';
import { classifyTransportError, ledgerErrorCode } from '../gateway/errors';
import { AttemptMeter } from '../gateway/transport';
import {
  PROVIDER_IDS,
  ProviderError,
  type Credential,
  type Headers,
  type Metered,
  type ProviderDescriptor,
  type ProviderId,
  type ResponseMeta,
  type StreamConsumer,
} from '../gateway/types';
import { openRouterReportedCost } from '../providers/openrouter/usage';
import { reportedCost as perplexityReportedCost } from '../providers/perplexity/usage';
import { asObject, at } from '../providers/shared/json';
import { usdToNanos } from '../providers/shared/money';
import { audioSecondsBound } from './audio-bound';
import { presentedKey, swapCredential } from './auth';
import type { BodyCapture } from './capture';
import { isRefusal, type KeyHold, type KeyLimits } from './key-limits';
import { VIRTUAL_KEY_PREFIX, type VirtualKey, type VirtualKeyStore } from './keys';
import { findOperation, GATEWAY_OPERATION, wantsUsageInjection, type Operation, type RequestView } from './operations';
import { refusalResponse, type Refusal } from './refusals';
import { ResponseTap } from './response-tap';
import { spoolUpload, type SpooledUpload } from './upload-spool';

/** Where a provider's calls go right now: the configured base URL and key (the fakes' in demo mode). */
export interface UpstreamRoute {
  baseUrl: string;
  credential: Credential;
}

export interface GatewayCallEvent {
  callId: string;
  ts: number;
  client: string;
  provider: ProviderId;
  method: string;
  endpoint: string;
  model: string | null;
  status: number | null;
  latencyMs: number;
  costNanos: number | null;
  costSource: string;
  estimated: boolean;
}

export interface ProxyDeps {
  descriptors: Record<ProviderId, ProviderDescriptor>;
  route(provider: ProviderId): Promise<UpstreamRoute>;
  keys: VirtualKeyStore;
  keyLimits: KeyLimits;
  ledger: LedgerSink;
  pricer: Pricer;
  budgets: BudgetGuard;
  limiter: Limiter;
  dispatcher: Dispatcher;
  clock: () => number;
  capture: BodyCapture;
  /** Where uploads that must be looked into before sending (Operation.spoolUpload) are spooled. */
  spoolDir: string;
  /** The system's ffmpeg (it measures a spooled upload's audio), or null when it is not installed. */
  ffmpeg(): string | null;
  onCall(e: GatewayCallEvent): void;
  onError(message: string): void;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);
/** Request bodies read (not streamed) to meter them: small JSON or forms. */
const PARSED_BODY_LIMIT = 4 * 1024 * 1024;
const UPSTREAM_TIMEOUT_MS = 600_000;

const isProvider = (s: string): s is ProviderId => (PROVIDER_IDS as readonly string[]).includes(s);
const firstHeader = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const roundUs = (ms: number) => Math.round(ms * 1000) / 1000;

function sendRefusal(res: ServerResponse, provider: ProviderId | null, r: Refusal): void {
  const out = refusalResponse(provider, r);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(out.status, { ...out.headers, 'content-length': Buffer.byteLength(out.body) });
  res.end(out.body);
}

/** Reads a small body whole (bounded); anything over the limit is refused rather than buffered. */
async function readSmallBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of req) {
    n += (c as Buffer).length;
    if (n > PARSED_BODY_LIMIT) return null;
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseBody(buf: Buffer, contentType: string): unknown {
  const text = buf.toString('utf8');
  if (/application\/x-www-form-urlencoded/i.test(contentType)) return new URLSearchParams(text);
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Provider-reported cost in an unknown route's JSON body (OpenRouter/Perplexity usage.cost, Exa costDollars). */
function reportedCostOf(provider: ProviderId, body: unknown): number | undefined {
  if (provider === 'openrouter') return openRouterReportedCost(at(body, 'usage'));
  if (provider === 'perplexity') return perplexityReportedCost(at(body, 'usage'));
  if (provider === 'exa') return usdToNanos(at(body, 'costDollars', 'total') as number | undefined);
  return undefined;
}

/** The extra usage-only chunk an injected `include_usage` adds at the end of an OpenAI chat stream. */
function isUsageOnlyChunk(raw: string): boolean {
  const data = raw
    .split('\n')
    .filter((l) => l.startsWith('data:'))
    .map((l) => l.slice(5).trimStart())
    .join('\n');
  if (!data.includes('"usage"')) return false;
  try {
    const chunk = asObject(JSON.parse(data));
    return Array.isArray(chunk?.choices) && (chunk.choices as unknown[]).length === 0 && chunk.usage != null;
  } catch {
    return false;
  }
}

export function createProxy(deps: ProxyDeps) {
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const ts = deps.clock();
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    const [, providerSeg = '', ...rest] = url.pathname.split('/');
    if (!isProvider(providerSeg)) {
      return sendRefusal(res, null, {
        kind: 'not_found',
        message: `AICON gateway: unknown provider "${providerSeg.slice(0, 40)}"; use /<provider>/<the provider's own path> with one of ${PROVIDER_IDS.join(', ')}`,
      });
    }
    const provider = providerSeg;
    const path = `/${rest.join('/')}`;
    const presented = presentedKey(req.headers);
    if (!presented?.secret) {
      return sendRefusal(res, provider, { kind: 'auth', message: 'AICON gateway: no key; send an AICON virtual key' });
    }
    if (!presented.secret.startsWith(VIRTUAL_KEY_PREFIX)) {
      // Never kept or logged: the gateway only ever learns virtual keys.
      return sendRefusal(res, provider, {
        kind: 'auth',
        message:
          'AICON gateway: this looks like a real provider key; it was not forwarded. Mint a virtual key in AICON (Gateway screen) and use that instead',
      });
    }
    const auth = deps.keys.authenticate(presented.secret, provider);
    if ('refusal' in auth) {
      const why = {
        unknown: 'unknown virtual key',
        revoked: 'this virtual key was revoked',
        expired: 'this virtual key has expired',
        provider_not_allowed: `this virtual key is not allowed to call ${provider}`,
      }[auth.refusal];
      return sendRefusal(res, provider, {
        kind: auth.refusal === 'provider_not_allowed' ? 'forbidden' : 'auth',
        message: `AICON gateway: ${why}`,
      });
    }
    const key = auth.key;
    const method = (req.method ?? 'GET').toUpperCase();
    const op = findOperation(provider, method, path);
    const contentType = firstHeader(req.headers['content-type']) ?? '';
    const readable =
      op !== null &&
      /application\/(json|x-www-form-urlencoded)|\+json/i.test(contentType) &&
      Number(req.headers['content-length'] ?? 0) <= PARSED_BODY_LIMIT;
    let bodyBuf: Buffer | null = null;
    if (readable) {
      bodyBuf = await readSmallBody(req);
      if (bodyBuf === null)
        return sendRefusal(res, provider, { kind: 'bad_request', message: 'AICON gateway: request body too large' });
    }
    const view: RequestView = {
      method,
      path,
      query: url.searchParams,
      body: bodyBuf ? parseBody(bodyBuf, contentType) : undefined,
      contentType,
    };
    const inject = op !== null && bodyBuf !== null && wantsUsageInjection(op, view);
    if (inject) {
      const b = view.body as Record<string, unknown>;
      const streamOptions = asObject(b.stream_options) ?? {};
      bodyBuf = Buffer.from(JSON.stringify({ ...b, stream_options: { ...streamOptions, include_usage: true } }));
    }
    let spool: SpooledUpload | null = null;
    if (op?.spoolUpload && /multipart\/form-data/i.test(contentType)) {
      try {
        spool = await spoolUpload(req, deps.spoolDir, contentType);
      } catch {
        return sendRefusal(res, provider, {
          kind: 'bad_request',
          message: 'AICON gateway: the upload did not arrive whole',
        });
      }
      const ffmpeg = spool.fileStart === null ? null : deps.ffmpeg();
      view.upload = {
        fields: spool.fields,
        seconds:
          ffmpeg === null || spool.fileStart === null
            ? null
            : await audioSecondsBound(ffmpeg, spool.file, spool.fileStart, spool.fileEnd),
      };
    }
    try {
      await new Call(deps, req, res, {
        ts,
        started,
        provider,
        path,
        search: url.search,
        key,
        op,
        view,
        bodyBuf,
        spool,
        inject,
      }).run();
    } finally {
      await spool?.discard();
    }
  };
}

interface CallInit {
  ts: number;
  started: number;
  provider: ProviderId;
  path: string;
  search: string;
  key: VirtualKey;
  op: Operation | null;
  view: RequestView;
  bodyBuf: Buffer | null;
  /** The upload, spooled to disk to be looked into (sent from there); null = streamed through or read whole. */
  spool: SpooledUpload | null;
  inject: boolean;
}

/** One call's state from admission to its ledger row. */
class Call {
  private readonly callId = randomUUID();
  private reservation: Reservation | null = null;
  /** The write-ahead ledger row of a paid call; null for free endpoints (recorded once, at the end). */
  private rowId: number | null = null;
  private hold: KeyHold | null = null;
  private route: UpstreamRoute | null = null;

  constructor(
    private readonly deps: ProxyDeps,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly c: CallInit,
  ) {}

  private get model(): string | null {
    return this.c.op?.model(this.c.view) ?? null;
  }

  async run(): Promise<void> {
    const { deps, c } = this;
    const d = deps.descriptors[c.provider];
    try {
      this.route = await deps.route(c.provider);
    } catch (e) {
      const message = isAppError(e) ? e.message : 'no key configured';
      return sendRefusal(this.res, c.provider, {
        kind: 'unavailable',
        message: `AICON gateway: cannot call ${d.displayName}: ${redactSecrets(message)}`,
      });
    }
    const integrationId = this.route.credential.integrationId ?? null;
    // Whatever key goes out is scrubbed by value from everything stored or logged afterwards.
    registerSecret(this.route.credential.secret);
    const free = c.op?.free === true;
    const worstCase = free ? 0 : this.worstCase();
    // The key's own limits first (cheapest, and its refusal names the key), then the app's budgets, then its
    // limiter, as the app's gateway orders them: a budget refusal must not use up a limiter slot.
    const admitted = deps.keyLimits.admit(c.key, worstCase);
    if (isRefusal(admitted)) return sendRefusal(this.res, c.provider, admitted);
    this.hold = admitted;
    const acquire = () =>
      deps.limiter.acquire({ provider: c.provider, operation: GATEWAY_OPERATION, integrationId, now: deps.clock() });
    // A paid call's reservation, the limiter's count and its write-ahead row (in flight, at its worst case) share
    // one commit, as in the app's gateway: a refusal or a failed write undoes all three, and a crash never leaves
    // one without the others. The budget is checked first, so its refusal does not use up a limiter slot.
    const step: { at: 'budget' | 'limiter' | 'ledger' } = { at: 'budget' };
    try {
      if (free) {
        step.at = 'limiter';
        acquire();
      } else {
        this.reservation = reserveAndAdmit(
          deps.budgets,
          {
            callId: this.callId,
            provider: c.provider,
            integrationId,
            endpoint: this.endpoint,
            amountNanos: worstCase,
            model: this.model,
          },
          () => {
            step.at = 'limiter';
            acquire();
            step.at = 'ledger';
            this.rowId = deps.ledger.beginAttempt(this.row({ worstCase, integrationId }));
          },
        );
      }
    } catch (e) {
      this.hold.release(null);
      if (isAppError(e) && e.code === 'budget_exceeded')
        return sendRefusal(this.res, c.provider, { kind: 'budget', message: `AICON gateway: ${e.message}` });
      if (isAppError(e) && e.code === 'rate_limited') {
        const retryAt = Number((e.details as { retryAt?: unknown } | undefined)?.retryAt);
        return sendRefusal(this.res, c.provider, {
          kind: 'rate_limited',
          message: `AICON gateway: ${e.message}`,
          ...(Number.isFinite(retryAt) ? { retryAfterS: (retryAt - deps.clock()) / 1000 } : {}),
        });
      }
      if (step.at !== 'ledger') throw e;
      deps.onError(`local gateway: ledger write-ahead failed: ${e instanceof Error ? redactSecrets(e.message) : ''}`);
      return sendRefusal(this.res, c.provider, {
        kind: 'unavailable',
        message: 'AICON gateway: the ledger cannot record this call, so it was not sent',
      });
    }
    await this.forward(d, integrationId);
  }

  /** The call's worst case: the operation's token bound, else its worst-case units priced; null = unknown. */
  private worstCase(): number | null {
    const { op, view, provider } = this.c;
    const bound = op?.worstCase?.(view);
    if (bound !== undefined && bound !== null) return bound;
    const worstUnits = op?.worstUnits?.(view);
    if (worstUnits)
      return this.deps.pricer.price({
        provider,
        model: this.model,
        units: worstUnits,
        at: new Date(this.c.ts),
        estimated: true,
        endpoint: this.endpoint,
      }).costNanos;
    const units = op?.estimate?.(view);
    if (!units) return null;
    return this.deps.pricer.price({
      provider,
      model: this.model,
      units,
      at: new Date(this.c.ts),
      estimated: true,
      endpoint: this.endpoint,
    }).costNanos;
  }

  private get endpoint(): string {
    const { op, view, path } = this.c;
    return op?.endpoint ?? `${view.method} ${path}`.slice(0, 120);
  }

  /** The write-ahead row: in flight, holding the worst case (estimated) or nothing known (unpriced). */
  private row(o: { worstCase: number | null; integrationId: string | null }): AttemptRecord {
    const { c } = this;
    return {
      callId: this.callId,
      attempt: 1,
      ts: c.ts,
      provider: c.provider,
      operation: GATEWAY_OPERATION,
      endpoint: this.endpoint,
      method: c.view.method,
      model: this.model,
      status: null,
      latencyMs: 0,
      requestBytes: null,
      responseBytes: 0,
      errorCode: null,
      units: c.op?.estimate?.(c.view) ?? {},
      costNanos: o.worstCase,
      costSource: o.worstCase === null ? 'unpriced' : 'estimated',
      priceVersion: null,
      providerRequestId: null,
      integrationId: o.integrationId,
      jobId: null,
      contentId: null,
      meta: { gateway: 'local' },
      errorMessage: null,
      estimated: true,
      client: c.key.name,
    };
  }

  private upstreamHeaders(d: ProviderDescriptor): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(this.req.headers)) {
      if (value === undefined || HOP_BY_HOP.has(name)) continue;
      out[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    if (this.c.bodyBuf) out['content-length'] = String(this.c.bodyBuf.length);
    if (this.c.spool) out['content-length'] = String(this.c.spool.bytes);
    // biome-ignore lint/style/noNonNullAssertion: run() sets the route before forwarding
    return swapCredential(out, d, this.route!.credential);
  }

  private async forward(d: ProviderDescriptor, integrationId: string | null): Promise<void> {
    const { deps, c } = this;
    // biome-ignore lint/style/noNonNullAssertion: run() sets the route before forwarding
    const base = new URL(this.route!.baseUrl);
    const prefix = pathPrefix(base.pathname, new URL(d.defaultBaseUrl).pathname);
    const meter = new AttemptMeter();
    const hasBody = c.bodyBuf !== null || !(c.view.method === 'GET' || c.view.method === 'HEAD');
    const requestBytes = c.bodyBuf?.length ?? c.spool?.bytes ?? numberOr(this.req.headers['content-length']);
    const abort = new AbortController();
    const onClientGone = () => {
      if (!this.res.writableFinished) abort.abort(new Error('client disconnected'));
    };
    this.res.on('close', onClientGone);
    let upstream: Dispatcher.ResponseData<AttemptMeter>;
    let sseConsumer: StreamConsumer<unknown> | null = null;
    try {
      upstream = await deps.dispatcher.request({
        origin: base.origin,
        path: `${prefix}${c.path}${c.search}`,
        method: c.view.method as Dispatcher.HttpMethod,
        headers: this.upstreamHeaders(d),
        body: c.bodyBuf ?? (c.spool ? createReadStream(c.spool.file) : hasBody ? this.req : null),
        signal: abort.signal,
        headersTimeout: UPSTREAM_TIMEOUT_MS,
        bodyTimeout: UPSTREAM_TIMEOUT_MS,
        opaque: meter,
      });
    } catch (e) {
      const f = classifyTransportError(c.provider, e, abort.signal.aborted, false);
      this.finish({
        status: null,
        meter,
        requestBytes,
        metered: null,
        failure: f.error,
        billed: !f.notSent,
        integrationId,
      });
      return sendRefusal(this.res, c.provider, {
        kind: 'unavailable',
        message: `AICON gateway: ${d.displayName} did not answer (${f.error.message})`,
      });
    }
    const status = upstream.statusCode;
    const headers = upstream.headers as Headers;
    try {
      const hint = d.rateLimitHint(headers, deps.clock());
      if (hint) deps.limiter.learn(c.provider, integrationId, hint, deps.clock());
    } catch {
      // A header the provider's reader cannot parse must not fail the call.
    }
    const ok = status >= 200 && status < 300;
    const responseType = firstHeader(headers['content-type']) ?? '';
    const encoding = firstHeader(headers['content-encoding']);
    const isSse = /text\/event-stream/i.test(responseType);
    if (ok && isSse && c.op?.sse) {
      const consumer = c.op.sse(c.view);
      sseConsumer = consumer;
    }
    const tap = new ResponseTap(
      sseConsumer
        ? { kind: 'sse', onEvent: (e) => sseConsumer?.onEvent(e) }
        : (ok && c.op?.json && !isSse) || !ok || (c.op === null && /json/i.test(responseType))
          ? { kind: 'json' }
          : { kind: 'count' },
      encoding,
      c.inject && sseConsumer && encoding === undefined ? isUsageOnlyChunk : undefined,
    );
    const capture = c.key.captureBodies ? deps.capture.open(this.callId, c.bodyBuf) : null;
    const outHeaders: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined || HOP_BY_HOP.has(name)) continue;
      if (name === 'content-length' && c.inject) continue;
      outHeaders[name] = value;
    }
    this.res.writeHead(status, outHeaders);
    // A stream's headers go out at once (the client starts reading); other bodies carry them in the first packet.
    if (isSse) this.res.flushHeaders();
    let streamError: unknown = null;
    try {
      await pipeline(upstream.body, tap, ...(capture ? [capture.tee()] : []), this.res);
    } catch (e) {
      streamError = e;
    }
    const meta: ResponseMeta = { status, headers, attempt: 1 };
    if (streamError !== null) {
      const f = classifyTransportError(c.provider, streamError, abort.signal.aborted, true);
      const partial = this.safe(() => sseConsumer?.partial() ?? this.estimated());
      this.finish({ status, meter, requestBytes, metered: partial, failure: f.error, billed: true, integrationId });
      return;
    }
    if (!ok) {
      const text = (await tap.text()) ?? '';
      let error: ProviderError;
      try {
        error = d.classifyError(status, headers, text.slice(0, 65_536));
      } catch {
        error = new ProviderError({ provider: c.provider, kind: 'server', status, message: `HTTP ${status}` });
      }
      this.finish({ status, meter, requestBytes, metered: null, failure: error, billed: false, integrationId });
      return;
    }
    let metered: Metered<unknown> | null = null;
    let failure: ProviderError | null = null;
    try {
      if (sseConsumer) {
        await tap.endEvents();
        metered = sseConsumer.finish(meta);
      } else if (c.op?.json && !isSse) {
        const text = await tap.text();
        metered = text === null ? null : c.op.json(text.trim() === '' ? null : JSON.parse(text), meta, c.view);
      } else if (c.op?.binary) {
        metered = c.op.binary(meta, tap.bytes, c.view);
      } else if (c.op?.free) {
        metered = { value: null, units: {}, free: true };
      } else if (c.op === null) {
        const text = /json/i.test(responseType) ? await tap.text() : null;
        const reported = text ? this.safe(() => reportedCostOf(c.provider, JSON.parse(text))) : undefined;
        metered =
          reported === undefined || reported === null ? null : { value: null, units: {}, reportedCostNanos: reported };
      }
    } catch (e) {
      // The provider's shape changed under us: the client already has the body; the row says why it is unpriced.
      failure = new ProviderError({
        provider: c.provider,
        kind: 'malformed_response',
        status,
        message: `response not metered: ${e instanceof Error ? e.message : String(e)}`.slice(0, 300),
      });
      metered = this.safe(() => sseConsumer?.partial() ?? this.estimated());
    }
    this.finish({ status, meter, requestBytes, metered, failure, billed: true, integrationId });
  }

  /** Units billed if the provider saw the request but the response is unusable: the operation's estimate. */
  private estimated(): Metered<unknown> | null {
    const units = this.c.op?.estimate?.(this.c.view);
    return units ? { value: null, units, estimated: true } : null;
  }

  private safe<T>(fn: () => T): T | null {
    try {
      return fn() ?? null;
    } catch {
      return null;
    }
  }

  private finish(r: {
    status: number | null;
    meter: AttemptMeter;
    requestBytes: number | null;
    metered: Metered<unknown> | null;
    failure: ProviderError | null;
    /** Whether the provider may have billed the attempt (else priced 0). */
    billed: boolean;
    integrationId: string | null;
  }): void {
    const { deps, c } = this;
    const m = r.metered;
    const model = m?.model ?? this.model;
    const httpError = r.status !== null && r.status >= 400;
    const quote =
      m === null
        ? r.billed && !httpError
          ? { costNanos: null, costSource: 'unpriced' as const, priceVersion: null }
          : { costNanos: 0, costSource: 'computed' as const, priceVersion: null }
        : deps.pricer.price({
            provider: c.provider,
            model,
            units: m.units,
            at: new Date(c.ts),
            ...(m.reportedCostNanos !== undefined ? { reportedCostNanos: m.reportedCostNanos } : {}),
            ...(m.estimated ? { estimated: true } : {}),
            ...(m.free ? { free: true } : {}),
            endpoint: c.op?.endpoint ?? c.path,
            meta: m.meta ?? null,
          });
    const latencyMs = roundUs((r.meter.endedAt ?? performance.now()) - c.started);
    const endpoint = this.endpoint;
    try {
      const row: AttemptRecord = {
        callId: this.callId,
        attempt: 1,
        ts: c.ts,
        provider: c.provider,
        operation: GATEWAY_OPERATION,
        endpoint,
        method: c.view.method,
        model,
        status: r.status,
        latencyMs,
        requestBytes: r.requestBytes,
        responseBytes: r.meter.responseBytes,
        errorCode: r.failure ? ledgerErrorCode(r.failure) : null,
        units: m?.units ?? {},
        costNanos: quote.costNanos,
        costSource: quote.costSource,
        priceVersion: quote.priceVersion,
        providerRequestId: m?.providerRequestId ?? r.failure?.requestId ?? null,
        integrationId: r.integrationId,
        jobId: null,
        contentId: null,
        meta: { ...(m?.meta ?? {}), gateway: 'local', ...(c.inject ? { usage_requested: true } : {}) },
        errorMessage: r.failure ? redactSecrets(r.failure.message).slice(0, 500) : null,
        estimated: quote.costSource === 'estimated' || m?.estimated === true,
        free: m?.free === true,
        client: c.key.name,
      };
      if (this.rowId === null) deps.ledger.recordAttempt(row);
      else deps.ledger.completeAttempt(this.rowId, row);
    } catch (e) {
      deps.onError(`local gateway: ledger write failed: ${e instanceof Error ? redactSecrets(e.message) : 'unknown'}`);
    } finally {
      // After the row: spend is read from the ledger, so the cost must be there when the hold goes.
      if (this.reservation) {
        try {
          deps.budgets.settle(this.reservation, quote.costNanos);
        } catch (e) {
          deps.onError(`local gateway: budget settlement failed: ${e instanceof Error ? e.message : 'unknown'}`);
        }
      }
      this.hold?.release(quote.costNanos);
    }
    deps.onCall({
      callId: this.callId,
      ts: c.ts,
      client: c.key.name,
      provider: c.provider,
      method: c.view.method,
      endpoint,
      model,
      status: r.status,
      latencyMs,
      costNanos: quote.costNanos,
      costSource: quote.costSource,
      estimated: quote.costSource === 'estimated' || m?.estimated === true,
    });
  }
}

/** The part of a configured base URL before the provider's own path (a proxy or fake mounted under a prefix). */
function pathPrefix(configured: string, providerDefault: string): string {
  const trim = (p: string) => p.replace(/\/+$/, '');
  const conf = trim(configured);
  const def = trim(providerDefault);
  if (def === '') return conf;
  return conf.endsWith(def) ? conf.slice(0, conf.length - def.length) : conf;
}

function numberOr(v: string | string[] | undefined): number | null {
  const n = Number(firstHeader(v));
  return Number.isFinite(n) && firstHeader(v) !== undefined ? n : null;
}
