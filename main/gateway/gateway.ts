// The call gateway: limit -> reserve -> attempts (each ledgered) -> price -> settle, for JSON, SSE and binary calls.
//
// Retry is a loop around dispatch rather than undici's RetryHandler: the decision needs what only we know after
// the body is read (the provider's classifier on the error body, classifySuccessBody, whether a stream already
// delivered an event, whether a streamed upload can be replayed), and each attempt must be ledgered with its own
// units and cost. On the success path the loop is one plain dispatch, so it costs nothing extra (see
// scripts/bench/gateway.ts for the measured overhead).
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Agent, Dispatcher } from 'undici';
import { AppError } from '../core/errors';
import { silentLogger, type Logger } from '../core/logger';
import { redactSecrets, registerSecret } from '../core/redact';
import { storageError } from '../core/storage-errors';
import type {
  AttemptRecord,
  BaseUrls,
  BudgetGuard,
  LedgerSink,
  Limiter,
  PriceQuote,
  Pricer,
  Reservation,
} from './deps';
import { reserveAndAdmit } from './admission';
import { classifyStatus, classifyTransportError, isTransportError, ledgerErrorCode } from './errors';
import { BodyPlan } from './request-body';
import { DEFAULT_RETRY_POLICY, nextDelayMs, type RetryPolicy } from './retry';
import { SseParser } from './sse';
import { AttemptMeter, createGatewayAgent } from './transport';
import { WriteQueue } from './write-queue';
import {
  ProviderError,
  type Gateway,
  type GatewayRequest,
  type GatewayResult,
  type Headers,
  type Metered,
  type ProviderDescriptor,
  type ProviderId,
  type RateLimitHint,
  type ResponseMeta,
  type StreamConsumer,
  type Units,
} from './types';

export interface GatewayOptions {
  providers: Partial<Record<ProviderId, ProviderDescriptor>>;
  ledger: LedgerSink;
  pricer: Pricer;
  budgets: BudgetGuard;
  limiter: Limiter;
  baseUrls: BaseUrls;
  /** Epoch ms, for ledger timestamps, limiter windows and Retry-After dates. */
  clock?: () => number;
  logger?: Logger;
  retry?: Partial<RetryPolicy>;
  /** Per-attempt headers timeout and body (idle) timeout when the request sets none. */
  defaultTimeoutMs?: number;
  /** Jitter source; injectable for tests. */
  random?: () => number;
  agent?: Agent.Options;
}

export interface GatewayService extends Gateway {
  /** Resolves once every ledger row and settlement of finished calls is written (they are written just after return). */
  flush(): Promise<void>;
  /** Flushes, then closes the connection pool. */
  close(): Promise<void>;
}

/** Whether an attempt that failed may still have been billed, and so needs an estimated row. */
type Billing = 'none' | 'unknown';

/** A failed attempt as the mode handlers report it. */
class AttemptFailure {
  constructor(
    readonly error: ProviderError,
    readonly billing: Billing,
    /** A local (non-provider) failure, ledgered as `local_error` and surfaced to the caller unchanged. */
    readonly local?: unknown,
  ) {}
}

/** Call-scoped state a mode handler shares with the retry loop. */
interface CallState {
  eventsDelivered: boolean;
}

interface Mode<T> {
  onSuccess(res: Dispatcher.ResponseData<AttemptMeter>, meta: ResponseMeta, state: CallState): Promise<Metered<T>>;
  /** Units for an attempt that reached the provider but produced no usable result; null = unknown. */
  estimate(): Metered<unknown> | null;
}

interface Target {
  origin: string;
  pathPrefix: string;
}

const NO_UNITS: Units = Object.freeze({}) as Units;
/** Free calls take no reservation: nothing to settle. */
const FREE_RESERVATION: Reservation = Object.freeze({ id: 'free', amountNanos: 0 });
const ZERO_QUOTE: PriceQuote = Object.freeze({ costNanos: 0, costSource: 'computed', priceVersion: null });
const UNPRICED: PriceQuote = Object.freeze({ costNanos: null, costSource: 'unpriced', priceVersion: null });

/** Latencies keep microsecond resolution: the gateway's own overhead is measured in tenths of a millisecond. */
/** How long finished calls' ledger completions and settlements gather before they share one commit. */
const DEFERRED_WRITE_WINDOW_MS = 4;
const roundUs = (ms: number) => Math.round(ms * 1000) / 1000;

export function createGateway(opts: GatewayOptions): GatewayService {
  const { ledger, pricer, budgets, limiter, baseUrls } = opts;
  const clock = opts.clock ?? Date.now;
  const logger = opts.logger ?? silentLogger;
  const random = opts.random ?? Math.random;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...opts.retry };
  const defaultTimeoutMs = opts.defaultTimeoutMs ?? 300_000;
  const agent = createGatewayAgent(opts.agent);
  const writes = new WriteQueue(logger, ledger.batch?.bind(ledger), DEFERRED_WRITE_WINDOW_MS);
  const targets = new Map<string, Target>();

  function target(provider: ProviderId, key: string | undefined): Target {
    const base = baseUrls.resolve(provider, key);
    let t = targets.get(base);
    if (!t) {
      const url = new URL(base);
      t = { origin: url.origin, pathPrefix: url.pathname === '/' ? '' : url.pathname };
      targets.set(base, t);
    }
    return t;
  }

  function descriptorFor(provider: ProviderId): ProviderDescriptor {
    const d = opts.providers[provider];
    if (!d) throw new AppError('unavailable', `provider ${provider} is not registered with the gateway`);
    return d;
  }

  function learn(d: ProviderDescriptor, integrationId: string | null, headers: Headers): RateLimitHint | null {
    try {
      const now = clock();
      const hint = d.rateLimitHint(headers, now);
      if (hint) limiter.learn(d.id, integrationId, hint, now);
      return hint;
    } catch (e) {
      logger.warn(`gateway: rate-limit learning failed for ${d.id}: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
  }

  function classifyHttpError(d: ProviderDescriptor, status: number, headers: Headers, text: string): ProviderError {
    try {
      return d.classifyError(status, headers, text);
    } catch {
      // A classifier must never throw (non-JSON bodies included); if one does, fall back to the status.
      return classifyStatus(d.id, status, headers, `HTTP ${status}`, clock());
    }
  }

  function quote(req: GatewayRequest, m: Metered<unknown>, at: number, forceEstimated: boolean): PriceQuote {
    try {
      return pricer.price({
        provider: req.provider,
        model: m.model ?? req.model ?? null,
        units: m.units,
        at: new Date(at),
        reportedCostNanos: m.reportedCostNanos,
        estimated: forceEstimated || m.estimated === true,
        free: m.free === true,
        endpoint: req.endpoint,
        meta: m.meta ?? null,
      });
    } catch (e) {
      logger.warn(`gateway: pricing failed for ${req.provider}: ${e instanceof Error ? e.message : String(e)}`);
      return UNPRICED;
    }
  }

  /** The reservation's bound: the provider's figure, else its worst-case units priced; null = unknown. */
  function worstCase(req: GatewayRequest): number | null {
    if (req.worstCaseCostNanos !== undefined && req.worstCaseCostNanos !== null) return req.worstCaseCostNanos;
    if (!req.worstCaseUnits) return null;
    const q = quote(req, { value: null, units: req.worstCaseUnits, estimated: true }, clock(), true);
    return q.costNanos;
  }

  async function waitForSlot(req: GatewayRequest, waiting: Promise<() => void>): Promise<() => void> {
    try {
      return await waiting;
    } catch (e) {
      throw new ProviderError({
        provider: req.provider,
        kind: 'aborted',
        message: 'call aborted while waiting for a free concurrency slot',
        providerCode: 'aborted',
        cause: e,
      });
    }
  }

  async function run<T>(req: GatewayRequest, mode: Mode<T>): Promise<GatewayResult<T>> {
    const callStart = performance.now();
    const bodyPlan = new BodyPlan(req.body);
    const integrationId = req.credential.integrationId ?? null;
    const callId = randomUUID();
    const free = req.free === true;
    // A job's paid, non-idempotent step is sent at most once, even across a crash and a resumed job.
    const onceKey =
      free || req.idempotent ? null : (req.onceKey ?? (req.jobId ? `${req.jobId}:${req.endpoint}` : null));
    let worst: number | null = 0;
    let d: ProviderDescriptor;
    let t: Target;
    let headers: Record<string, string>;
    let reservation: Reservation;
    /** The write-ahead row of a paid attempt: its worst case, committed before the request leaves. */
    const beginRow = (attempt: number, ts: number): number =>
      ledger.beginAttempt(
        {
          callId,
          attempt,
          ts,
          provider: req.provider,
          operation: req.operation,
          endpoint: req.endpoint,
          method: req.method,
          model: req.model ?? null,
          status: null,
          latencyMs: 0,
          requestBytes: null,
          responseBytes: 0,
          errorCode: null,
          units: req.worstCaseUnits ?? req.estimatedUnits ?? NO_UNITS,
          costNanos: worst,
          costSource: worst === null ? 'unpriced' : 'estimated',
          priceVersion: null,
          providerRequestId: null,
          integrationId,
          jobId: req.jobId ?? null,
          contentId: req.contentId ?? null,
          meta: null,
          errorMessage: null,
          estimated: true,
        },
        attempt === 1 ? onceKey : null,
      );

    // Attempt 1's write-ahead row when it was committed with the reservation (with its start), and its slot
    // (undefined: not asked for yet).
    const first: { row: { id: number; ts: number } | null; slot: Promise<() => void> | null | undefined } = {
      row: null,
      slot: undefined,
    };
    try {
      if (req.signal?.aborted)
        throw new ProviderError({
          provider: req.provider,
          kind: 'aborted',
          message: 'call aborted before it started',
          providerCode: 'aborted',
        });
      d = descriptorFor(req.provider);
      // Whatever key goes out is scrubbed by value from everything stored, logged or returned afterwards.
      registerSecret(req.credential.secret);
      t = target(req.provider, req.baseUrlKey);
      headers = { ...req.headers, ...d.authHeaders(req.credential) };
      // Budget first: a call the budget refuses must not use up an hourly limit slot. A limiter
      // refusal hands the reservation straight back.
      if (free) {
        reservation = FREE_RESERVATION;
        limiter.acquire({ provider: req.provider, operation: req.operation, integrationId, now: clock() });
      } else {
        worst = worstCase(req);
        // The reservation, the limiter's count and attempt 1's write-ahead row share one commit: one synchronous
        // write per call (none of the budget's when no hard budget applies). A refusal or a failed write inside
        // undoes all three. With a concurrency cap the row waits for the slot and is written on its own.
        reservation = reserveAndAdmit(
          budgets,
          {
            callId,
            provider: req.provider,
            integrationId,
            endpoint: req.endpoint,
            amountNanos: worst,
            model: req.model ?? null,
          },
          () => {
            limiter.acquire({ provider: req.provider, operation: req.operation, integrationId, now: clock() });
            first.slot = limiter.slot?.(req.provider, integrationId, req.signal) ?? null;
            if (first.slot === null) {
              const ts = clock();
              first.row = { id: beginRow(1, ts), ts };
            }
          },
        );
      }
    } catch (e) {
      // A slot taken inside a reservation that then failed to commit goes straight back.
      if (first.slot)
        first.slot.then(
          (release) => release(),
          () => {},
        );
      bodyPlan.discard();
      throw storageError(e) ?? e;
    }

    const path = t.pathPrefix + (req.path.startsWith('/') ? req.path : `/${req.path}`);
    const timeout = req.timeoutMs ?? defaultTimeoutMs;
    const state: CallState = { eventsDelivered: false };
    let spentNanos = 0;
    let anyPriced = false;
    let waitedMs = 0;

    const record = (
      rowId: number | null,
      attempt: number,
      ts: number,
      meter: AttemptMeter,
      requestBytes: number | null,
      status: number | null,
      m: Metered<unknown> | null,
      q: PriceQuote,
      failure: AttemptFailure | null,
    ) => {
      if (q.costNanos !== null) {
        spentNanos += q.costNanos;
        anyPriced = true;
      }
      const end = meter.endedAt ?? performance.now();
      const row: AttemptRecord = {
        callId,
        attempt,
        ts,
        provider: req.provider,
        operation: req.operation,
        endpoint: req.endpoint,
        method: req.method,
        model: m?.model ?? req.model ?? null,
        status,
        latencyMs: roundUs(end - meter.startedAt),
        requestBytes,
        responseBytes: meter.responseBytes,
        errorCode: failure ? (failure.local !== undefined ? 'local_error' : ledgerErrorCode(failure.error)) : null,
        units: m?.units ?? NO_UNITS,
        costNanos: q.costNanos,
        costSource: q.costSource,
        priceVersion: q.priceVersion,
        providerRequestId: m?.providerRequestId ?? failure?.error.requestId ?? null,
        integrationId,
        jobId: req.jobId ?? null,
        contentId: req.contentId ?? null,
        meta: m?.meta ?? null,
        errorMessage: failure ? redactSecrets(failure.error.message).slice(0, 500) : null,
        estimated: q.costSource === 'estimated' || m?.estimated === true,
        free: m?.free === true,
      };
      // Written just after the call returns (write-queue.ts); a failed write is logged and the result kept (a paid
      // call's write-ahead row is then settled as unknown billing at the next start).
      if (rowId === null)
        writes.push(() => ledger.recordAttempt(row), `ledger write for call ${callId} attempt ${attempt}`);
      else {
        // Only a request the provider refused outright (4xx) gives a job's send key back; a 5xx may have started it.
        const refused = failure !== null && failure.local === undefined && status !== null && status < 500;
        const release = refused && attempt === 1 ? onceKey : null;
        writes.push(
          () => ledger.completeAttempt(rowId, row, release),
          `ledger completion for call ${callId} attempt ${attempt}`,
        );
      }
    };

    try {
      for (let attempt = 1; ; attempt++) {
        // Waiting for a plan-concurrency slot is neither latency nor an attempt: nothing has been sent yet.
        // No known cap (the usual case) stays synchronous: no await on the hot path.
        const asked = attempt === 1 && first.slot !== undefined;
        const waiting = asked
          ? (first.slot ?? null)
          : (limiter.slot?.(req.provider, integrationId, req.signal) ?? null);
        const release = waiting ? await waitForSlot(req, waiting) : null;
        const folded = attempt === 1 ? first.row : null;
        const ts = folded ? folded.ts : clock();
        let rowId: number | null = folded ? folded.id : null;
        if (!free && !folded) {
          try {
            rowId = beginRow(attempt, ts);
          } catch (e) {
            // Not durable (disk full, a job's step already sent): the request must not leave.
            release?.();
            bodyPlan.discard();
            throw storageError(e) ?? e;
          }
        }
        const meter = new AttemptMeter();
        const { body, bytes, contentType } = bodyPlan.next(req.bodyBytes);
        let failure: AttemptFailure;
        let status: number | null = null;
        let respHeaders: Headers | null = null;
        let hint: RateLimitHint | null = null;
        let res: Dispatcher.ResponseData<AttemptMeter> | null = null;
        try {
          res = await agent.dispatcher.request({
            origin: t.origin,
            path,
            method: req.method,
            headers: contentType ? { ...headers, 'content-type': contentType } : headers,
            body,
            signal: req.signal,
            headersTimeout: timeout,
            bodyTimeout: timeout,
            opaque: meter,
          });
          status = res.statusCode;
          respHeaders = res.headers as Headers;
          hint = learn(d, integrationId, respHeaders);
          const meta: ResponseMeta = { status, headers: respHeaders, attempt };
          if (status >= 200 && status < 300) {
            const m = await mode.onSuccess(res, meta, state);
            const q = quote(req, m, ts, false);
            record(rowId, attempt, ts, meter, bytes, status, m, q, null);
            return {
              value: m.value,
              callId,
              attempts: attempt,
              costNanos: q.costNanos === null ? null : spentNanos,
              costSource: q.costSource,
              provider: req.provider,
              model: m.model ?? req.model ?? null,
              latencyMs: roundUs(performance.now() - callStart),
            };
          }
          const text = await readErrorText(res.body);
          failure = req.signal?.aborted
            ? new AttemptFailure(classifyTransportError(req.provider, req.signal.reason, true, true).error, 'none')
            : new AttemptFailure(classifyHttpError(d, status, respHeaders, text), 'none');
        } catch (e) {
          if (e instanceof AttemptFailure) failure = e;
          else {
            const f = classifyTransportError(req.provider, e, req.signal?.aborted === true, res !== null);
            // Only a request that provably never left costs nothing; anything else may have been billed.
            failure = new AttemptFailure(f.error, f.notSent && res === null ? 'none' : 'unknown');
          }
        } finally {
          if (res && !res.body.readableEnded) res.body.destroy();
          release?.();
        }

        const est = failure.billing === 'unknown' ? safeEstimate(mode, logger) : null;
        const q = failure.billing === 'none' ? ZERO_QUOTE : est ? quote(req, est, ts, true) : UNPRICED;
        record(rowId, attempt, ts, meter, bytes, status, est, q, failure);

        const delay = retryDelay(failure.error, attempt, respHeaders, hint);
        if (delay === null) throw failure.local ?? failure.error;
        try {
          await sleep(delay, undefined, { signal: req.signal });
        } catch (e) {
          throw new ProviderError({
            provider: req.provider,
            kind: 'aborted',
            message: 'call aborted while waiting to retry',
            providerCode: 'aborted',
            cause: e,
          });
        }
        waitedMs += delay;
      }
    } finally {
      // Queued after this call's ledger rows. Until it runs the worst-case reservation stays held: stricter, never looser.
      const actual = anyPriced ? spentNanos : null;
      if (!free) writes.push(() => budgets.settle(reservation, actual), `budget settlement for call ${callId}`);
    }

    function retryDelay(
      error: ProviderError,
      attempt: number,
      respHeaders: Headers | null,
      hint: RateLimitHint | null,
    ): number | null {
      if (!error.retryable || !req.idempotent || attempt >= policy.maxAttempts) return null;
      if (!bodyPlan.replayable || state.eventsDelivered || req.signal?.aborted) return null;
      const delay = nextDelayMs({
        attempt,
        errorRetryAfterMs: error.retryAfterMs,
        headers: respHeaders,
        hint,
        nowMs: clock(),
        policy,
        random,
      });
      return waitedMs + delay > policy.totalWaitCapMs ? null : delay;
    }
  }

  const estimateFrom = (req: GatewayRequest) => (): Metered<unknown> | null =>
    req.estimatedUnits ? { value: null, units: req.estimatedUnits, model: req.model, estimated: true } : null;

  return {
    json<T>(req: GatewayRequest, parse: (body: unknown, meta: ResponseMeta) => Metered<T>) {
      const d = opts.providers[req.provider];
      return run<T>(req, {
        async onSuccess(res, meta) {
          const text = await res.body.text();
          let body: unknown = null;
          if (text.trim() !== '') {
            try {
              body = JSON.parse(text);
            } catch {
              throw new AttemptFailure(
                new ProviderError({
                  provider: req.provider,
                  kind: 'malformed_response',
                  status: meta.status,
                  message: `response is not valid JSON (${text.length} chars)`,
                }),
                'unknown',
              );
            }
          }
          const rejected = d?.classifySuccessBody?.(meta.status, body);
          if (rejected) throw new AttemptFailure(rejected, 'none');
          try {
            return parse(body, meta);
          } catch (e) {
            throw new AttemptFailure(asMalformed(req.provider, meta.status, e), 'unknown');
          }
        },
        estimate: estimateFrom(req),
      });
    },

    stream<T>(req: GatewayRequest, consumer: StreamConsumer<T>) {
      return run<T>(req, {
        async onSuccess(res, meta, state) {
          const parser = new SseParser((event) => {
            state.eventsDelivered = true;
            consumer.onEvent(event);
          });
          try {
            for await (const chunk of res.body) parser.push(chunk as Buffer);
            parser.end();
            if (consumer.isComplete && !consumer.isComplete()) {
              throw new ProviderError({
                provider: req.provider,
                kind: 'network',
                status: meta.status,
                providerCode: 'stream_truncated',
                message: 'stream ended before its terminal event',
              });
            }
            return consumer.finish(meta);
          } catch (e) {
            if (req.signal?.aborted || isTransportError(e)) {
              throw new AttemptFailure(
                classifyTransportError(req.provider, e, req.signal?.aborted === true, true).error,
                'unknown',
              );
            }
            // The consumer's typed error (an in-stream error event) or its failure on an unexpected event shape.
            throw new AttemptFailure(asMalformed(req.provider, meta.status, e), 'unknown');
          }
        },
        estimate: () => consumer.partial(),
      });
    },

    binary<T>(req: GatewayRequest, sink: (body: Readable, meta: ResponseMeta) => Promise<Metered<T>>) {
      return run<T>(req, {
        async onSuccess(res, meta) {
          try {
            return await sink(res.body, meta);
          } catch (e) {
            if (req.signal?.aborted || isTransportError(e)) {
              throw new AttemptFailure(
                classifyTransportError(req.provider, e, req.signal?.aborted === true, true).error,
                'unknown',
              );
            }
            if (e instanceof ProviderError) throw new AttemptFailure(e, 'unknown');
            // A local failure (disk full): ledgered against the billed download, then surfaced unchanged.
            const notRetryable = new ProviderError({
              provider: req.provider,
              kind: 'network',
              status: meta.status,
              message: 'response sink failed',
              cause: e,
            });
            throw new AttemptFailure(notRetryable, 'unknown', e);
          }
        },
        estimate: estimateFrom(req),
      });
    },

    flush: () => writes.flush(),
    async close() {
      await writes.flush();
      await agent.close();
    },
  };
}

/** Parse failures are the provider's shape changing under us: a typed error, never a crash. */
function asMalformed(provider: ProviderId, status: number, e: unknown): ProviderError {
  if (e instanceof ProviderError) return e;
  const why = e instanceof Error ? e.message : String(e);
  return new ProviderError({
    provider,
    kind: 'malformed_response',
    status,
    message: `unexpected response shape: ${why}`.slice(0, 300),
    cause: e,
  });
}

async function readErrorText(body: Dispatcher.ResponseData['body']): Promise<string> {
  try {
    return (await body.text()).slice(0, 65_536);
  } catch {
    return '';
  }
}

function safeEstimate<T>(mode: Mode<T>, logger: Logger): Metered<unknown> | null {
  try {
    return mode.estimate();
  } catch (e) {
    logger.warn(`gateway: partial usage estimate failed: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
}
