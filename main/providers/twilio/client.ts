// Twilio REST 2010-04-01 over the gateway: send SMS and start calls (form-encoded, never retried: a lost
// answer may still have sent), message/call lookup, lists followed through `next_page_uri`, account fetch and
// usage records. Money arrives later; `settlementFor` (usage.ts) turns it into the ledger's final cost.
import { callFields, freeGetRequest, type CallContext } from '../shared/call';
import type { Credential, Gateway, GatewayResult, Metered } from '../../gateway/types';
import { badInput, limitExceeded } from '../shared/parse-kit';
import { priceModel } from './destination';
import { countSegments } from './segments';
import {
  meterCallStart,
  meterMessageSend,
  parseAccount,
  parseBalance,
  parseCall,
  parseMessage,
  parseMessagePage,
  parseUsagePage,
  type TwilioAccount,
  type TwilioBalance,
  type TwilioCall,
  type TwilioMessage,
  type TwilioPage,
  type TwilioUsageRecord,
} from './usage';

const PROVIDER = 'twilio' as const;
const API = '/2010-04-01';
const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
const E164 = /^\+[1-9]\d{1,14}$/;
export const MAX_SMS_BODY = 1600;

export type { CallContext };

/** The Account SID that goes in every path (also when authenticating with an API key SID). */
export function accountSidOf(credential: Credential): string {
  const sid = credential.accountId ?? '';
  if (!ACCOUNT_SID.test(sid))
    throw badInput(
      PROVIDER,
      'Twilio needs the Account SID ("AC" + 32 hex characters) with the credential',
      'missing_account_sid',
    );
  return sid;
}

const accountPath = (credential: Credential, rest: string) => `${API}/Accounts/${accountSidOf(credential)}${rest}`;

function form(fields: Record<string, string | number | boolean | string[] | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    // Repeated fields (MediaUrl, StatusCallbackEvent) are sent once per value.
    for (const v of Array.isArray(value) ? value : [value]) params.append(name, String(v));
  }
  return params.toString();
}

const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };

/** Lookups, lists, the account and usage: free GETs, seeded as `account` for the hourly limits. */
const get = <T>(
  gateway: Gateway,
  credential: Credential,
  endpoint: string,
  path: string,
  parse: (b: unknown) => Metered<T>,
  c: CallContext = {},
) => gateway.json(freeGetRequest(PROVIDER, endpoint, path, credential, { ...c, operation: 'account' }), parse);

/** Twilio's TimeLimit default and maximum (4 hours). */
const MAX_CALL_SECONDS = 4 * 3_600;

export interface SmsInput extends CallContext {
  to: string;
  /** A Twilio number (E.164) or alphanumeric sender; or give messagingServiceSid. */
  from?: string;
  messagingServiceSid?: string;
  body?: string;
  mediaUrls?: string[];
  statusCallback?: string;
}

/** POST Messages.json. Paid and not idempotent: never retried (reconcile through `listMessages` instead). */
export async function sendSms(
  gateway: Gateway,
  credential: Credential,
  input: SmsInput,
): Promise<GatewayResult<TwilioMessage>> {
  if (!E164.test(input.to)) throw badInput(PROVIDER, `"${input.to}" is not an E.164 phone number`, 'invalid_to');
  if (!input.from && !input.messagingServiceSid)
    throw badInput(PROVIDER, 'a From number or a MessagingServiceSid is required', 'missing_from');
  const text = input.body ?? '';
  if (text === '' && !input.mediaUrls?.length)
    throw badInput(PROVIDER, 'a message needs a body or media', 'empty_message');
  if ([...text].length > MAX_SMS_BODY)
    throw limitExceeded(
      PROVIDER,
      `message body has ${[...text].length} characters; Twilio accepts at most ${MAX_SMS_BODY}`,
      'body_too_long',
    );
  const segments = countSegments(text);
  const hasMedia = (input.mediaUrls?.length ?? 0) > 0;
  return gateway.json(
    {
      provider: PROVIDER,
      operation: 'messaging',
      endpoint: 'messages.create',
      method: 'POST',
      path: accountPath(credential, '/Messages.json'),
      headers: formHeaders,
      body: form({
        To: input.to,
        From: input.from,
        MessagingServiceSid: input.messagingServiceSid,
        Body: input.body,
        MediaUrl: input.mediaUrls,
        StatusCallback: input.statusCallback,
      }),
      // Priced per destination (destination.ts): +1 from the bundled table, elsewhere from the user's price
      // for that country, else unknown (a per-operation cap bounds it).
      model: priceModel(hasMedia ? 'mms' : 'sms', input.to),
      idempotent: false,
      worstCaseUnits: { segments: hasMedia ? 1 : segments.segments },
      estimatedUnits: { segments: segments.segments },
      credential,
      ...callFields(input),
    },
    (b) => meterMessageSend(b, segments, hasMedia),
  );
}

export interface CallInput extends CallContext {
  to: string;
  from: string;
  /** Exactly one of url, twiml, applicationSid. */
  url?: string;
  twiml?: string;
  applicationSid?: string;
  /** Max call length in seconds. */
  timeLimit?: number;
  /** Seconds to let it ring. */
  timeout?: number;
  record?: boolean;
  statusCallback?: string;
  statusCallbackEvents?: string[];
}

/** POST Calls.json. Paid and not idempotent: never retried. */
export async function startCall(
  gateway: Gateway,
  credential: Credential,
  input: CallInput,
): Promise<GatewayResult<TwilioCall>> {
  const instructions = [input.url, input.twiml, input.applicationSid].filter((v) => v !== undefined && v !== '');
  if (instructions.length !== 1)
    throw badInput(PROVIDER, 'give exactly one of url, twiml or applicationSid', 'invalid_call_instructions');
  if (!E164.test(input.to)) throw badInput(PROVIDER, `"${input.to}" is not an E.164 phone number`, 'invalid_to');
  return gateway.json(
    {
      provider: PROVIDER,
      operation: 'messaging',
      endpoint: 'calls.create',
      method: 'POST',
      path: accountPath(credential, '/Calls.json'),
      headers: formHeaders,
      body: form({
        To: input.to,
        From: input.from,
        Url: input.url,
        Twiml: input.twiml,
        ApplicationSid: input.applicationSid,
        TimeLimit: input.timeLimit,
        Timeout: input.timeout,
        Record: input.record,
        StatusCallback: input.statusCallback,
        StatusCallbackEvent: input.statusCallbackEvents,
      }),
      model: priceModel('voice', input.to),
      idempotent: false,
      // The call can last until its TimeLimit (Twilio's default and maximum: 4 hours), billed per started minute,
      // at the destination's per-minute price (destination.ts).
      worstCaseUnits: { minutes: Math.ceil(Math.min(input.timeLimit ?? MAX_CALL_SECONDS, MAX_CALL_SECONDS) / 60) },
      estimatedUnits: { minutes: 1 },
      credential,
      ...callFields(input),
    },
    (b) => meterCallStart(b),
  );
}

/** A message's current state; once final it carries `price` (see settlementFor). Lookups are free. */
export const getMessage = async (
  gateway: Gateway,
  credential: Credential,
  sid: string,
  c?: CallContext,
): Promise<GatewayResult<TwilioMessage>> =>
  get(
    gateway,
    credential,
    'messages.fetch',
    accountPath(credential, `/Messages/${encodeURIComponent(sid)}.json`),
    parseMessage,
    c,
  );

export const getCall = async (
  gateway: Gateway,
  credential: Credential,
  sid: string,
  c?: CallContext,
): Promise<GatewayResult<TwilioCall>> =>
  get(
    gateway,
    credential,
    'calls.fetch',
    accountPath(credential, `/Calls/${encodeURIComponent(sid)}.json`),
    parseCall,
    c,
  );

/** Account fetch (free): the health check. */
export const getAccount = async (
  gateway: Gateway,
  credential: Credential,
  c?: CallContext,
): Promise<GatewayResult<TwilioAccount>> =>
  get(gateway, credential, 'account.fetch', accountPath(credential, '.json'), parseAccount, c);

/** The account's prepaid balance (free). */
export const getBalance = async (
  gateway: Gateway,
  credential: Credential,
  c?: CallContext,
): Promise<GatewayResult<TwilioBalance>> =>
  get(gateway, credential, 'balance.fetch', accountPath(credential, '/Balance.json'), parseBalance, c);

export interface ListOptions extends CallContext {
  /** Stop after this many pages (default 10). */
  maxPages?: number;
}

export interface ListResult<T> {
  items: T[];
  pages: number;
  /** Where to continue, when maxPages stopped the walk early. */
  nextPageUri: string | null;
}

/** Walks `next_page_uri` (relative to the API host) until it is null or `maxPages` pages were read. */
async function walk<T>(
  gateway: Gateway,
  credential: Credential,
  endpoint: string,
  firstPath: string,
  parse: (b: unknown) => Metered<TwilioPage<T>>,
  opts: ListOptions,
): Promise<ListResult<T>> {
  const prefix = accountPath(credential, '/');
  const items: T[] = [];
  let path: string | null = firstPath;
  let pages = 0;
  while (path !== null && pages < (opts.maxPages ?? 10)) {
    const { value }: GatewayResult<TwilioPage<T>> = await get(gateway, credential, endpoint, path, parse, opts);
    items.push(...value.items);
    pages++;
    path = value.nextPageUri;
    // Only ever follow pages of this account's own resources.
    if (path !== null && !path.startsWith(prefix))
      throw badInput(PROVIDER, 'Twilio returned a next_page_uri outside this account', 'unexpected_page_uri');
  }
  return { items, pages, nextPageUri: path };
}

const query = (fields: Record<string, string | number | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};

export interface MessageFilter extends ListOptions {
  to?: string;
  from?: string;
  /** YYYY-MM-DD: sent on that day, before it (exclusive) or after it. */
  dateSent?: string;
  dateSentBefore?: string;
  dateSentAfter?: string;
  pageSize?: number;
}

export async function listMessages(
  gateway: Gateway,
  credential: Credential,
  filter: MessageFilter = {},
): Promise<ListResult<TwilioMessage>> {
  const q = query({
    To: filter.to,
    From: filter.from,
    DateSent: filter.dateSent,
    'DateSent<': filter.dateSentBefore,
    'DateSent>': filter.dateSentAfter,
    PageSize: filter.pageSize,
  });
  return walk(
    gateway,
    credential,
    'messages.list',
    accountPath(credential, `/Messages.json${q}`),
    parseMessagePage,
    filter,
  );
}

export type UsagePeriod =
  | 'Daily'
  | 'Monthly'
  | 'Yearly'
  | 'AllTime'
  | 'Today'
  | 'Yesterday'
  | 'ThisMonth'
  | 'LastMonth';

export interface UsageFilter extends ListOptions {
  /** e.g. sms, sms-outbound, calls, totalprice */
  category?: string;
  /** YYYY-MM-DD (GMT) or relative like -30days. */
  startDate?: string;
  endDate?: string;
  period?: UsagePeriod;
  pageSize?: number;
}

/** Usage records: Twilio's own per-category totals (the final word on what was billed). */
export async function getUsageRecords(
  gateway: Gateway,
  credential: Credential,
  filter: UsageFilter = {},
): Promise<ListResult<TwilioUsageRecord>> {
  const q = query({
    Category: filter.category,
    StartDate: filter.startDate,
    EndDate: filter.endDate,
    PageSize: filter.pageSize,
  });
  const base = filter.period ? `/Usage/Records/${filter.period}.json` : '/Usage/Records.json';
  return walk(gateway, credential, 'usage.records', accountPath(credential, `${base}${q}`), parseUsagePage, filter);
}
