// Twilio responses -> typed values and metered units. Counts arrive as strings ("1"), money as a nullable
// negative decimal string ("-0.00750" = a charge of $0.0075) that stays null for minutes after a send. A send
// is ledgered with its segments as an estimate; `settlementFor` turns the later price into the final cost.
import { z } from 'zod';
import { usdToNanos } from '../shared/money';
import { asNumber, parseWith } from '../shared/parse-kit';
import type { LateSettlement } from '../shared/settlement';
import type { Metered, Nanos } from '../../gateway/types';
import type { SegmentCount } from './segments';
import { priceModel } from './destination';

const PROVIDER = 'twilio' as const;

const countish = z.union([z.string(), z.number()]).nullish();
const count = (v: string | number | null | undefined): number | null => asNumber(v) ?? null;

const messageSchema = z.object({
  sid: z.string(),
  account_sid: z.string().nullish(),
  status: z.string(),
  to: z.string().nullish(),
  from: z.string().nullish(),
  body: z.string().nullish(),
  direction: z.string().nullish(),
  num_segments: countish,
  num_media: countish,
  price: countish,
  price_unit: z.string().nullish(),
  error_code: z.number().nullish(),
  error_message: z.string().nullish(),
  messaging_service_sid: z.string().nullish(),
  date_created: z.string().nullish(),
  date_sent: z.string().nullish(),
});

export interface TwilioMessage {
  sid: string;
  status: string;
  to: string | null;
  from: string | null;
  body: string | null;
  direction: string | null;
  numSegments: number | null;
  numMedia: number | null;
  /** As Twilio sends it: a negative decimal string for a charge, null until priced. */
  price: string | null;
  priceUnit: string | null;
  /** Delivery failures (30003–30008) show up here later, not as HTTP errors. */
  errorCode: number | null;
  errorMessage: string | null;
  messagingServiceSid: string | null;
  dateCreated: string | null;
  dateSent: string | null;
}

const toMessage = (m: z.output<typeof messageSchema>): TwilioMessage => ({
  sid: m.sid,
  status: m.status,
  to: m.to ?? null,
  from: m.from ?? null,
  body: m.body ?? null,
  direction: m.direction ?? null,
  numSegments: count(m.num_segments),
  numMedia: count(m.num_media),
  price: m.price === null || m.price === undefined ? null : String(m.price),
  priceUnit: m.price_unit ?? null,
  errorCode: m.error_code ?? null,
  errorMessage: m.error_message ?? null,
  messagingServiceSid: m.messaging_service_sid ?? null,
  dateCreated: m.date_created ?? null,
  dateSent: m.date_sent ?? null,
});

/** A charge in nano-USD from Twilio's price string, or undefined when unpriced or not in USD. */
export function chargeNanos(price: string | null, priceUnit: string | null): Nanos | undefined {
  if (price === null || priceUnit?.toUpperCase() !== 'USD') return undefined;
  const nanos = usdToNanos(price);
  // Twilio writes charges as negative amounts; the ledger stores what was spent.
  return nanos === undefined ? undefined : Math.abs(nanos);
}

export const parseMessage = (body: unknown): Metered<TwilioMessage> => {
  const m = toMessage(parseWith(PROVIDER, 'message', messageSchema, body));
  return { value: m, units: {}, free: true, providerRequestId: m.sid };
};

/** A send: billed per segment, final price unknown yet (estimated), keyed by the message sid for settlement. */
export function meterMessageSend(body: unknown, computed: SegmentCount, hasMedia: boolean): Metered<TwilioMessage> {
  const m = toMessage(parseWith(PROVIDER, 'message', messageSchema, body));
  const reported = chargeNanos(m.price, m.priceUnit);
  return {
    value: m,
    units: { segments: m.numSegments ?? computed.segments },
    model: priceModel(hasMedia || (m.numMedia ?? 0) > 0 ? 'mms' : 'sms', m.to),
    providerRequestId: m.sid,
    ...(reported !== undefined ? { reportedCostNanos: reported } : { estimated: true }),
    meta: { encoding: computed.encoding, computed_segments: computed.segments },
  };
}

const callSchema = z.object({
  sid: z.string(),
  status: z.string(),
  to: z.string().nullish(),
  from: z.string().nullish(),
  direction: z.string().nullish(),
  duration: countish,
  price: countish,
  price_unit: z.string().nullish(),
  start_time: z.string().nullish(),
  end_time: z.string().nullish(),
  answered_by: z.string().nullish(),
});

export interface TwilioCall {
  sid: string;
  status: string;
  to: string | null;
  from: string | null;
  direction: string | null;
  durationSeconds: number | null;
  price: string | null;
  priceUnit: string | null;
  startTime: string | null;
  endTime: string | null;
}

const toCall = (c: z.output<typeof callSchema>): TwilioCall => ({
  sid: c.sid,
  status: c.status,
  to: c.to ?? null,
  from: c.from ?? null,
  direction: c.direction ?? null,
  durationSeconds: count(c.duration),
  price: c.price === null || c.price === undefined ? null : String(c.price),
  priceUnit: c.price_unit ?? null,
  startTime: c.start_time ?? null,
  endTime: c.end_time ?? null,
});

export const parseCall = (body: unknown): Metered<TwilioCall> => {
  const c = toCall(parseWith(PROVIDER, 'call', callSchema, body));
  return { value: c, units: {}, free: true, providerRequestId: c.sid };
};

/** A call start: Twilio bills answered minutes (rounded up); until it ends, one minute is the estimate. */
export function meterCallStart(body: unknown): Metered<TwilioCall> {
  const c = toCall(parseWith(PROVIDER, 'call', callSchema, body));
  return {
    value: c,
    units: { minutes: 1 },
    model: priceModel('voice', c.to),
    estimated: true,
    providerRequestId: c.sid,
  };
}

const isCall = (r: TwilioMessage | TwilioCall): r is TwilioCall => 'durationSeconds' in r;

/**
 * The settlement for a message or call once Twilio priced it (null while `price` is still null). The negative
 * price string becomes a positive provider-reported cost; a non-USD price keeps the row unpriced, with the
 * currency noted.
 */
export function settlementFor(resource: TwilioMessage | TwilioCall): LateSettlement | null {
  if (resource.price === null) return null;
  const units = isCall(resource)
    ? { minutes: Math.ceil((resource.durationSeconds ?? 0) / 60) }
    : resource.numSegments !== null
      ? { segments: resource.numSegments }
      : {};
  const nanos = chargeNanos(resource.price, resource.priceUnit);
  const meta = { price: resource.price, price_unit: resource.priceUnit, status: resource.status };
  return nanos !== undefined
    ? { provider: PROVIDER, providerRequestId: resource.sid, units, reportedCostNanos: nanos, meta }
    : { provider: PROVIDER, providerRequestId: resource.sid, units, currency: resource.priceUnit ?? 'unknown', meta };
}

const accountSchema = z.object({
  sid: z.string(),
  friendly_name: z.string().nullish(),
  status: z.string(),
  type: z.string().nullish(),
  owner_account_sid: z.string().nullish(),
});

export interface TwilioAccount {
  sid: string;
  friendlyName: string | null;
  /** active | suspended | closed */
  status: string;
  /** Trial | Full */
  type: string | null;
}

/** GET /Accounts/{Sid}.json. The body also carries the account's auth_token: it is dropped here, never kept. */
export function parseAccount(body: unknown): Metered<TwilioAccount> {
  const a = parseWith(PROVIDER, 'account', accountSchema, body);
  return {
    value: { sid: a.sid, friendlyName: a.friendly_name ?? null, status: a.status, type: a.type ?? null },
    units: {},
    free: true,
  };
}

const usageRecordSchema = z.object({
  category: z.string(),
  description: z.string().nullish(),
  start_date: z.string().nullish(),
  end_date: z.string().nullish(),
  count: countish,
  count_unit: z.string().nullish(),
  usage: countish,
  usage_unit: z.string().nullish(),
  // The spec says number; recorded answers send a string. Accept both.
  price: countish,
  price_unit: z.string().nullish(),
  as_of: z.string().nullish(),
});

export interface TwilioUsageRecord {
  category: string;
  description: string | null;
  startDate: string | null;
  endDate: string | null;
  count: number | null;
  countUnit: string | null;
  usage: number | null;
  usageUnit: string | null;
  /** Price in nano-USD when in USD (usage records report it positive). */
  priceNanos: Nanos | null;
  price: string | null;
  priceUnit: string | null;
  asOf: string | null;
}

const toUsageRecord = (r: z.output<typeof usageRecordSchema>): TwilioUsageRecord => {
  const price = r.price === null || r.price === undefined ? null : String(r.price);
  return {
    category: r.category,
    description: r.description ?? null,
    startDate: r.start_date ?? null,
    endDate: r.end_date ?? null,
    count: count(r.count),
    countUnit: r.count_unit || null,
    usage: count(r.usage),
    usageUnit: r.usage_unit ?? null,
    priceNanos: chargeNanos(price, r.price_unit ?? null) ?? null,
    price,
    priceUnit: r.price_unit ?? null,
    asOf: r.as_of ?? null,
  };
};

export interface TwilioPage<T> {
  items: T[];
  /** Relative to the API host (starts with /2010-04-01/), null on the last page. */
  nextPageUri: string | null;
  page: number | null;
}

function pageParser<S extends z.ZodType, T>(key: string, item: S, map: (i: z.output<S>) => T) {
  const schema = z.object({ [key]: z.array(item), next_page_uri: z.string().nullish(), page: z.number().nullish() });
  return (body: unknown): Metered<TwilioPage<T>> => {
    const b = parseWith(PROVIDER, `${key} page`, schema, body) as {
      next_page_uri?: string | null;
      page?: number | null;
    } & Record<string, z.output<S>[]>;
    return {
      value: { items: (b[key] ?? []).map(map), nextPageUri: b.next_page_uri ?? null, page: b.page ?? null },
      units: {},
      free: true,
    };
  };
}

export const parseMessagePage = pageParser('messages', messageSchema, toMessage);
export const parseUsagePage = pageParser('usage_records', usageRecordSchema, toUsageRecord);

// Shape from the Twilio 2010-04-01 spec (api.v2010.account.balance: account_sid, balance, currency as strings);
// no recorded response exists in shared/refs, so the fake's body is reconstructed from that schema.
const balanceSchema = z.object({
  account_sid: z.string().nullish(),
  balance: z.string().nullish(),
  currency: z.string().nullish(),
});

export interface TwilioBalance {
  /** As Twilio sends it, a decimal string in `currency` (positive = credit left on the account). */
  balance: string | null;
  currency: string | null;
  /** The balance in nano-USD when the account is billed in USD. */
  balanceNanos: Nanos | null;
}

/** GET /Accounts/{Sid}/Balance.json (free). Child accounts carry no balance (null). */
export function parseBalance(body: unknown): Metered<TwilioBalance> {
  const b = parseWith(PROVIDER, 'balance', balanceSchema, body);
  const balance = b.balance ?? null;
  const usd = balance !== null && b.currency?.toUpperCase() === 'USD' ? usdToNanos(balance) : undefined;
  return {
    value: { balance, currency: b.currency ?? null, balanceNanos: usd ?? null },
    units: {},
    free: true,
  };
}

/**
 * Usage categories that are real charges the ledger does not model per call (named as in Twilio's usage
 * category list; the 2010-04-01 spec leaves `Category` a free string): carrier pass-through fees and the
 * failed-message processing fee.
 */
export const TWILIO_UNMODELLED_FEE_CATEGORIES = [
  'sms-messages-carrierfees',
  'mms-messages-carrierfees',
  'failed-message-processing-fee',
] as const;
