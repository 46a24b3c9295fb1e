// Which native routes the local gateway knows how to meter, and with which of the provider's own usage parsers
// (the same ones the app's clients use, so a call through the gateway is priced exactly like one from the app).
// A route not listed here still passes through: it is ledgered with status, bytes and latency as unpriced.
import type { Metered, ProviderId, ResponseMeta, StreamConsumer, Units } from '../gateway/types';
import { AnthropicStreamConsumer, parseMessage } from '../providers/anthropic/usage';
import { meterSpeech, estimateTtsCredits, DEFAULT_TTS_MODEL, countCharacters } from '../providers/elevenlabs/usage';
import { parseAnswer, parseContents, parseSearch } from '../providers/exa/usage';
import {
  openAIChatStreamConsumer,
  parseChatCompletion,
  parseEmbeddings,
  parseLegacyCompletion,
  parseTranscriptionJson,
} from '../providers/openai/usage';
import { transcriptionWorstUnits } from '../providers/openai/transcription-bound';
import { openRouterStreamConsumer, parseOpenRouterChat } from '../providers/openrouter/usage';
import { parseSonarCompletion, sonarStreamConsumer } from '../providers/perplexity/usage';
import { meterMailSend } from '../providers/sendgrid/usage';
import { priceModel } from '../providers/twilio/destination';
import { meterMessageSend } from '../providers/twilio/usage';
import { countSegments } from '../providers/twilio/segments';
import { parsePeopleSearch, parsePersonMatch } from '../providers/apollo/usage';
import { asArray, asNumber, asObject, asString, at } from '../providers/shared/json';
import { promptTokenBound } from '../providers/shared/units';
import { worstCaseNanos } from '../providers/shared/worst-case';

/** What the gateway knows about one request before it is sent. */
export interface RequestView {
  method: string;
  /** The provider's own path, without the query. */
  path: string;
  query: URLSearchParams;
  /** The parsed request body when it was small JSON or a form; undefined when streamed through unread. */
  body: unknown;
  contentType: string;
  /** A spooled multipart upload (Operation.spoolUpload): its text fields and its audio's duration bound. */
  upload?: { fields: Record<string, string>; seconds: number | null };
}

export interface Operation {
  endpoint: string;
  model(req: RequestView): string | null;
  /** JSON response (any 2xx with a body or none). */
  json?(body: unknown, meta: ResponseMeta, req: RequestView): Metered<unknown>;
  /** text/event-stream response. */
  sse?(req: RequestView): StreamConsumer<unknown>;
  /** Any other response body (audio): metered from headers, the request and the byte count. */
  binary?(meta: ResponseMeta, bytes: number, req: RequestView): Metered<unknown>;
  /** Worst-case cost for the budget reservation; null = cannot bound. */
  worstCase?(req: RequestView): number | null;
  /** Worst-case units, priced by the app's pricer (user prices apply); null = cannot bound. */
  worstUnits?(req: RequestView): Units | null;
  /** A multipart upload spooled to disk before it is sent, so its fields and audio bound the worst case. */
  spoolUpload?: boolean;
  /** Units billed if the call ends without a usable response (abort after sending). */
  estimate?(req: RequestView): Units | undefined;
  /** A free endpoint (lists, account): priced 0, never unpriced. */
  free?: boolean;
  /** OpenAI chat streams carry usage only when asked: the gateway asks and hides the extra chunk. */
  injectStreamUsage?: boolean;
}

interface Route extends Operation {
  method: string;
  pattern: RegExp;
}

const str = (v: unknown): string | null => asString(v) ?? null;
const bodyModel = (r: RequestView) => str(at(r.body, 'model'));

/** Every text a chat request carries (message contents and their parts), for the prompt bound. */
function chatTexts(body: unknown): string[] {
  const out: string[] = [];
  const system = at(body, 'system');
  if (typeof system === 'string') out.push(system);
  else if (system !== undefined) out.push(JSON.stringify(system));
  for (const m of asArray(at(body, 'messages')) ?? []) {
    const c = at(m, 'content');
    out.push(typeof c === 'string' ? c : JSON.stringify(c ?? ''));
  }
  const input = at(body, 'input') ?? at(body, 'prompt');
  if (input !== undefined) out.push(typeof input === 'string' ? input : JSON.stringify(input));
  return out;
}

const maxOutput = (body: unknown, fallback: number): number =>
  asNumber(at(body, 'max_completion_tokens')) ?? asNumber(at(body, 'max_tokens')) ?? fallback;

/** Worst case for a chat request: every prompt byte a token, plus the requested (or a default) output cap. */
const chatWorstCase =
  (priceProvider: string, defaultMaxOutput: number) =>
  (r: RequestView): number | null => {
    const model = bodyModel(r);
    if (model === null) return null;
    return worstCaseNanos({
      priceProvider,
      model,
      inputTokens: promptTokenBound(chatTexts(r.body)),
      outputTokens: maxOutput(r.body, defaultMaxOutput),
    });
  };

const promptEstimate = (r: RequestView): Units => ({
  input_tokens: Math.ceil(promptTokenBound(chatTexts(r.body)) / 4),
});
const isStreamRequest = (r: RequestView) => at(r.body, 'stream') === true;

const free = (method: string, pattern: RegExp, endpoint: string): Route => ({
  method,
  pattern,
  endpoint,
  model: () => null,
  free: true,
  json: (body) => ({ value: body, units: {}, free: true }),
});

// Default output caps when a request names none (the providers' own defaults are model maxima; these bound a hold).
const OPENAI_DEFAULT_MAX_OUTPUT = 16_384;
const ANTHROPIC_DEFAULT_MAX_OUTPUT = 8_192;

const ROUTES: Record<ProviderId, Route[]> = {
  openai: [
    {
      method: 'POST',
      pattern: /^\/v1\/chat\/completions$/,
      endpoint: 'chat.completions',
      model: bodyModel,
      json: (b, meta) => parseChatCompletion(b, meta),
      sse: (r) => openAIChatStreamConsumer(bodyModel(r) ?? 'unknown', promptEstimate(r).input_tokens ?? 0),
      worstCase: chatWorstCase('openai', OPENAI_DEFAULT_MAX_OUTPUT),
      estimate: promptEstimate,
      injectStreamUsage: true,
    },
    {
      method: 'POST',
      pattern: /^\/v1\/embeddings$/,
      endpoint: 'embeddings',
      model: bodyModel,
      json: (b, meta) => parseEmbeddings(b, meta),
      worstCase: chatWorstCase('openai', 0),
      estimate: promptEstimate,
    },
    {
      method: 'POST',
      pattern: /^\/v1\/completions$/,
      endpoint: 'completions',
      model: bodyModel,
      json: (b, meta) => parseLegacyCompletion(b, meta),
      worstCase: chatWorstCase('openai', 16),
      estimate: promptEstimate,
    },
    {
      method: 'POST',
      pattern: /^\/v1\/audio\/transcriptions$/,
      endpoint: 'audio.transcriptions',
      // The upload is spooled to disk (flat memory): its model field and its audio's duration bound the call.
      spoolUpload: true,
      model: (req) => req.upload?.fields.model ?? null,
      worstUnits: (req) => {
        const model = req.upload?.fields.model;
        if (!model) return null;
        return transcriptionWorstUnits(model, req.upload?.seconds ?? undefined, req.upload?.fields.prompt);
      },
      json: (b, meta, req) =>
        parseTranscriptionJson(b, meta, undefined, str(at(b, 'model')) ?? req.upload?.fields.model ?? 'whisper-1'),
    },
    free('GET', /^\/v1\/models(\/[^/]+)?$/, 'models.list'),
  ],
  anthropic: [
    {
      method: 'POST',
      pattern: /^\/v1\/messages$/,
      endpoint: 'messages',
      model: bodyModel,
      json: (b, meta) => parseMessage(b, meta),
      sse: (r) => new AnthropicStreamConsumer(bodyModel(r) ?? 'unknown', promptEstimate(r).input_tokens ?? 0),
      worstCase: chatWorstCase('anthropic', ANTHROPIC_DEFAULT_MAX_OUTPUT),
      estimate: promptEstimate,
    },
    free('GET', /^\/v1\/models(\/[^/]+)?$/, 'models.list'),
  ],
  perplexity: [
    {
      method: 'POST',
      pattern: /^\/(v1\/)?chat\/completions$/,
      endpoint: 'chat.completions',
      model: bodyModel,
      json: (b, meta) => parseSonarCompletion(b, meta),
      sse: (r) => sonarStreamConsumer(bodyModel(r) ?? 'sonar', promptEstimate(r).input_tokens ?? 0),
      worstCase: chatWorstCase('perplexity', 4_096),
      estimate: promptEstimate,
    },
  ],
  openrouter: [
    {
      method: 'POST',
      pattern: /^\/api\/v1\/chat\/completions$/,
      endpoint: 'chat.completions',
      model: bodyModel,
      json: (b, meta) => parseOpenRouterChat(b, meta),
      sse: (r) => openRouterStreamConsumer(bodyModel(r) ?? 'unknown', promptEstimate(r).input_tokens ?? 0),
      estimate: promptEstimate,
    },
    free('GET', /^\/api\/v1\/(models|key|auth\/key)$/, 'account'),
  ],
  elevenlabs: [
    {
      method: 'POST',
      pattern: /^\/v1\/text-to-speech\/[^/]+(\/stream)?$/,
      endpoint: 'text-to-speech',
      model: (r) => str(at(r.body, 'model_id')) ?? DEFAULT_TTS_MODEL,
      binary: (meta, bytes, r) => {
        const text = str(at(r.body, 'text')) ?? '';
        const model = str(at(r.body, 'model_id')) ?? DEFAULT_TTS_MODEL;
        const contentType = typeof meta.headers['content-type'] === 'string' ? meta.headers['content-type'] : null;
        return meterSpeech(
          meta.headers,
          { path: '', bytes, sha256: '', contentType, textCharacters: countCharacters(text) },
          text,
          model,
        );
      },
      estimate: (r) => ({
        characters: estimateTtsCredits(str(at(r.body, 'text')) ?? '', str(at(r.body, 'model_id')) ?? DEFAULT_TTS_MODEL),
      }),
    },
    free('GET', /^\/v1\/(user|user\/subscription|voices|models)$/, 'account'),
  ],
  heygen: [free('GET', /^\/v2\/(user\/remaining_quota|avatars|voices)$/, 'account')],
  exa: [
    ...(['search', 'findSimilar'] as const).map(
      (endpoint): Route => ({
        method: 'POST',
        pattern: new RegExp(`^/${endpoint}$`),
        endpoint,
        model: (r) => `search:${str(at(r.body, 'type')) ?? 'auto'}`,
        json: (b, _meta, r) => parseSearch(b, `search:${str(at(r.body, 'type')) ?? 'auto'}`),
        estimate: () => ({ requests: 1 }),
      }),
    ),
    {
      method: 'POST',
      pattern: /^\/contents$/,
      endpoint: 'contents',
      model: () => 'contents',
      json: (b) => parseContents(b),
      estimate: () => ({ requests: 1 }),
    },
    {
      method: 'POST',
      pattern: /^\/answer$/,
      endpoint: 'answer',
      model: () => 'answer',
      json: (b) => parseAnswer(b),
      estimate: () => ({ requests: 1 }),
    },
  ],
  twilio: [
    {
      method: 'POST',
      pattern: /^\/2010-04-01\/Accounts\/[^/]+\/Messages\.json$/,
      endpoint: 'messages.create',
      model: (r) => priceModel(formValue(r, 'MediaUrl') !== null ? 'mms' : 'sms', formValue(r, 'To')),
      json: (b, _meta, r) =>
        meterMessageSend(b, countSegments(formValue(r, 'Body') ?? ''), formValue(r, 'MediaUrl') !== null),
      estimate: (r) => ({ segments: countSegments(formValue(r, 'Body') ?? '').segments }),
    },
    free('GET', /^\/2010-04-01\/Accounts\/[^/]+\.json$/, 'account'),
  ],
  sendgrid: [
    {
      method: 'POST',
      pattern: /^\/v3\/mail\/send$/,
      endpoint: 'mail.send',
      model: () => 'mail.send',
      json: (b, meta, r) => meterMailSend(b, meta, countRecipients(r.body)),
      estimate: () => ({ requests: 1 }),
    },
    free('GET', /^\/v3\/scopes$/, 'account'),
  ],
  apollo: [
    {
      method: 'POST',
      pattern: /^\/api\/v1\/people\/match$/,
      endpoint: 'people.match',
      model: () => 'people.match',
      json: (b) => parsePersonMatch(b),
    },
    {
      method: 'POST',
      pattern: /^\/api\/v1\/mixed_people\/(api_)?search$/,
      endpoint: 'people.search',
      model: () => 'people.search',
      json: (b) => parsePeopleSearch(b),
    },
  ],
};

/** A form field of a urlencoded request body (Twilio). */
function formValue(r: RequestView, name: string): string | null {
  return r.body instanceof URLSearchParams ? r.body.get(name) : null;
}

function countRecipients(mail: unknown): number {
  let n = 0;
  for (const p of asArray(at(mail, 'personalizations')) ?? []) {
    for (const field of ['to', 'cc', 'bcc']) n += asArray(asObject(p)?.[field])?.length ?? 0;
  }
  return Math.max(1, n);
}

/** The known operation for a native route, or null (passed through and ledgered unpriced). */
export function findOperation(provider: ProviderId, method: string, path: string): Operation | null {
  for (const r of ROUTES[provider]) if (r.method === method && r.pattern.test(path)) return r;
  return null;
}

/** Whether an OpenAI chat request streams and did not ask for usage itself. */
export const wantsUsageInjection = (op: Operation, req: RequestView): boolean =>
  op.injectStreamUsage === true && isStreamRequest(req) && at(req.body, 'stream_options', 'include_usage') !== true;

/**
 * The ledger and limiter operation of every local-gateway call. Other tools are limited per virtual key (rate,
 * budgets), not by the app's per-workflow hourly seeds; the endpoint says what the call was.
 */
export const GATEWAY_OPERATION = 'gateway';
