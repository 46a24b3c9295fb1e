// A loopback Twilio REST 2010-04-01 on the shared fake-server toolkit: HTTP Basic with the Account SID +
// auth token (or an API key SID + secret), form-encoded sends answered 201 with the recorded message/call
// shapes, price null at first and a negative price string after a few lookups (with status moving on),
// list paging through `next_page_uri`, the recorded account and usage records, and Twilio's error JSON
// (the recorded 20003 for a bad key). Faults via `inject`.
import { createHash } from 'node:crypto';
import { startFakeServer, type FakeReply, type FakeRequest, type FakeServer } from '../shared/fake-server';
import unauthorizedBody from './fixtures/error-401-20003.RECONSTRUCTED.json';
import accountBody from './fixtures/get-account.200.json';
import messagesListBody from './fixtures/get-messages-list.200.json';
import usageRecordsBody from './fixtures/get-usage-records.200.json';
import callBody from './fixtures/post-calls.201.json';
import queuedMessageBody from './fixtures/post-messages.201.queued.json';
import { pricingDestination } from './destination';
import { countSegments } from './segments';

/** The recorded fixtures' account, so their URIs stay valid. */
export const TWILIO_FAKE_ACCOUNT_SID = `AC${'a'.repeat(32)}`;
export const TWILIO_FAKE_AUTH_TOKEN = 'fakeAuthToken0123456789abcdef012';

export interface TwilioFakeOptions {
  accountSid?: string;
  authToken?: string;
  /** An API key (SK…) and secret also accepted. */
  apiKey?: { sid: string; secret: string };
  /** Lookups of a message/call before Twilio has priced it (default 1: the second lookup shows the price). */
  lookupsBeforePrice?: number;
  /** USD per SMS segment and per voice minute (US list prices, 2026). */
  usdPerSegment?: number;
  usdPerMinute?: number;
  /** Prices for other destinations by pricing destination ("+44", "+1-876"); default INTERNATIONAL_FAKE_PRICES. */
  pricesByCountry?: Record<string, { usdPerSegment: number; usdPerMinute: number }>;
  /** Account balance in USD (Balance.json; default 20.5). */
  balanceUsd?: number;
  /** Carrier pass-through fee per SMS segment, billed as its own usage category (default 0.003). */
  carrierFeeUsdPerSegment?: number;
  /** Messages that failed this month, each billed the $0.001 failed-message processing fee (default 0). */
  failedMessages?: number;
  /** Delivered, priced messages sent from outside the app this month (Twilio console, other machines; default 0). */
  outsideMessages?: number;
}

type Resource = Record<string, unknown> & { sid: string };

export interface TwilioFake extends FakeServer {
  readonly state: {
    messages: Map<string, { resource: Resource; lookups: number }>;
    calls: Map<string, { resource: Resource; lookups: number }>;
  };
}

const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * Destinations outside +1 bill several times the US price. Illustrative figures for the fake, reconstructed (no
 * Twilio price list is in refs/): the UK and Germany at roughly Twilio's published order of magnitude.
 */
export const INTERNATIONAL_FAKE_PRICES: Record<string, { usdPerSegment: number; usdPerMinute: number }> = {
  '+44': { usdPerSegment: 0.0524, usdPerMinute: 0.0176 },
  '+49': { usdPerSegment: 0.0918, usdPerMinute: 0.0299 },
  // Jamaica: a +1 number billed well above the US price.
  '+1-876': { usdPerSegment: 0.0981, usdPerMinute: 0.2266 },
};
const twilioError = (code: number, message: string, status: number) => ({
  code,
  message,
  more_info: `https://www.twilio.com/docs/errors/${code}`,
  status,
});
const rfc2822 = (d: Date) => d.toUTCString().replace('GMT', '+0000');

export async function startTwilioFake(options: TwilioFakeOptions = {}): Promise<TwilioFake> {
  const accountSid = options.accountSid ?? TWILIO_FAKE_ACCOUNT_SID;
  const authToken = options.authToken ?? TWILIO_FAKE_AUTH_TOKEN;
  const lookupsBeforePrice = options.lookupsBeforePrice ?? 1;
  const perSegment = options.usdPerSegment ?? 0.0083;
  const perMinute = options.usdPerMinute ?? 0.014;
  const byCountry = options.pricesByCountry ?? INTERNATIONAL_FAKE_PRICES;
  const priceFor = (to: unknown) => {
    const code = typeof to === 'string' ? pricingDestination(to) : null;
    const local = code === null ? undefined : byCountry[code];
    return local ?? { usdPerSegment: perSegment, usdPerMinute: perMinute };
  };
  const state: TwilioFake['state'] = { messages: new Map(), calls: new Map() };
  const base = `/2010-04-01/Accounts/${accountSid}`;
  const carrierFee = options.carrierFeeUsdPerSegment ?? 0.003;
  const failedFees = (options.failedMessages ?? 0) * 0.001;
  // Messages the app never sent: priced and delivered, so they show in lists and usage but not in the ledger.
  const outside: Resource[] = Array.from({ length: options.outsideMessages ?? 0 }, (_, i) => {
    const sid = `SM${createHash('sha256').update(`outside:${i}`).digest('hex').slice(0, 32)}`;
    const at = rfc2822(new Date());
    return {
      ...queuedMessageBody,
      sid,
      account_sid: accountSid,
      status: 'delivered',
      body: 'Sent from the Twilio console',
      num_segments: '1',
      num_media: '0',
      price: (-perSegment).toFixed(5),
      price_unit: 'USD',
      date_created: at,
      date_sent: at,
      date_updated: at,
      uri: `${base}/Messages/${sid}.json`,
    };
  });
  const sidOf = (prefix: string, req: FakeRequest) =>
    `${prefix}${createHash('sha256')
      .update(`${prefix}:${req.seq}:${req.body.toString('hex')}`)
      .digest('hex')
      .slice(0, 32)}`;
  const headers = { 'twilio-concurrent-requests': '1' };
  const send = (reply: FakeReply, status: number, body: unknown) => reply.json(status, body, headers);

  const authorize = (req: FakeRequest): boolean => {
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Basic ')) return false;
    const [user, pass] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':');
    return (
      (user === accountSid && pass === authToken) ||
      (options.apiKey !== undefined && user === options.apiKey.sid && pass === options.apiKey.secret)
    );
  };

  /** Another account's SID in the path: Twilio answers 404 20404 (we only know our own account). */
  const ownAccount = (req: FakeRequest, reply: FakeReply): boolean => {
    if (req.params[0] === accountSid) return true;
    send(reply, 404, twilioError(20404, `The requested resource ${req.path} was not found`, 404));
    return false;
  };

  const form = (req: FakeRequest) => new URLSearchParams(req.body.toString('utf8'));

  function createMessage(req: FakeRequest, reply: FakeReply) {
    if (!ownAccount(req, reply)) return;
    const f = form(req);
    const to = f.get('To') ?? '';
    const from = f.get('From');
    const service = f.get('MessagingServiceSid');
    const text = f.get('Body') ?? '';
    const media = f.getAll('MediaUrl');
    if (!E164.test(to))
      return send(reply, 400, twilioError(21211, `The 'To' number ${to} is not a valid phone number.`, 400));
    if (!from && !service) return send(reply, 400, twilioError(21603, "A 'From' phone number is required.", 400));
    if (text === '' && media.length === 0)
      return send(reply, 400, twilioError(21602, 'Message body is required.', 400));
    if ([...text].length > 1600)
      return send(
        reply,
        400,
        twilioError(21617, 'The concatenated message body exceeds the 1600 character limit.', 400),
      );
    const sid = sidOf(media.length > 0 ? 'MM' : 'SM', req);
    const now = rfc2822(new Date());
    const resource: Resource = {
      ...queuedMessageBody,
      sid,
      account_sid: accountSid,
      to,
      from: from ?? null,
      messaging_service_sid: service ?? null,
      body: text,
      num_segments: String(countSegments(text).segments),
      num_media: String(media.length),
      date_created: now,
      date_updated: now,
      date_sent: null,
      tags: {},
      uri: `${base}/Messages/${sid}.json`,
      subresource_uris: { media: `${base}/Messages/${sid}/Media.json` },
    };
    state.messages.set(sid, { resource, lookups: 0 });
    send(reply, 201, resource);
  }

  function lookup(kind: 'messages' | 'calls', req: FakeRequest, reply: FakeReply) {
    if (!ownAccount(req, reply)) return;
    const entry = state[kind].get(req.params[1] ?? '');
    if (!entry) return send(reply, 404, twilioError(20404, `The requested resource ${req.path} was not found`, 404));
    entry.lookups++;
    if (entry.lookups > lookupsBeforePrice && entry.resource.price === null) {
      if (kind === 'messages') {
        const cost = Number(entry.resource.num_segments) * priceFor(entry.resource.to).usdPerSegment;
        Object.assign(entry.resource, {
          status: 'delivered',
          price: (-cost).toFixed(5),
          price_unit: 'USD',
          date_sent: rfc2822(new Date()),
        });
      } else {
        Object.assign(entry.resource, {
          status: 'completed',
          duration: '15',
          price: (-Math.ceil(15 / 60) * priceFor(entry.resource.to).usdPerMinute).toFixed(5),
          price_unit: 'USD',
          end_time: rfc2822(new Date()),
        });
      }
    }
    send(reply, 200, entry.resource);
  }

  function createCall(req: FakeRequest, reply: FakeReply) {
    if (!ownAccount(req, reply)) return;
    const f = form(req);
    const to = f.get('To') ?? '';
    const from = f.get('From') ?? '';
    if (!E164.test(to))
      return send(reply, 400, twilioError(21211, `The 'To' number ${to} is not a valid phone number.`, 400));
    if (from === '') return send(reply, 400, twilioError(21213, 'A From phone number is required.', 400));
    if (['Url', 'Twiml', 'ApplicationSid'].filter((k) => f.has(k)).length !== 1)
      return send(reply, 400, twilioError(21205, 'Url parameter is required.', 400));
    const sid = sidOf('CA', req);
    const now = rfc2822(new Date());
    const resource: Resource = {
      ...callBody,
      sid,
      account_sid: accountSid,
      to,
      to_formatted: to,
      from,
      from_formatted: from,
      direction: 'outbound-api',
      status: 'queued',
      duration: null,
      price: null,
      start_time: null,
      end_time: null,
      date_created: now,
      date_updated: now,
      forwarded_from: null,
      phone_number_sid: null,
      queue_time: '0',
      uri: `${base}/Calls/${sid}.json`,
    };
    state.calls.set(sid, { resource, lookups: 0 });
    send(reply, 201, resource);
  }

  /** Newest first, like Twilio: messages created here, then the recorded ones. */
  function listMessages(req: FakeRequest, reply: FakeReply) {
    if (!ownAccount(req, reply)) return;
    const to = req.query.get('To');
    const all = [
      ...[...state.messages.values()].map((m) => m.resource).reverse(),
      ...outside,
      ...messagesListBody.messages,
    ].filter((m) => !to || m.to === to);
    const pageSize = Math.min(1000, Math.max(1, Number(req.query.get('PageSize') ?? 50) || 50));
    const page = Math.max(0, Number(req.query.get('Page') ?? 0) || 0);
    const items = all.slice(page * pageSize, (page + 1) * pageSize);
    const uri = (p: number) => {
      const q = new URLSearchParams(req.query);
      q.set('PageSize', String(pageSize));
      q.set('Page', String(p));
      return `${base}/Messages.json?${q.toString()}`;
    };
    send(reply, 200, {
      messages: items,
      end: page * pageSize + items.length - 1,
      first_page_uri: uri(0),
      next_page_uri: (page + 1) * pageSize < all.length ? uri(page + 1) : null,
      page,
      page_size: pageSize,
      previous_page_uri: page > 0 ? uri(page - 1) : null,
      start: page * pageSize,
      uri: uri(page),
    });
  }

  /**
   * This period's usage records per category, in the recorded record's shape (values reconstructed): SMS and
   * voice totals from every priced message/call (the app's and outside ones), carrier fees per segment,
   * failed-message fees and `totalprice`. Categories as Twilio names them (see TWILIO_UNMODELLED_FEE_CATEGORIES).
   */
  function periodUsage(req: FakeRequest) {
    const [template] = usageRecordsBody.usage_records;
    if (!template) throw new Error('get-usage-records fixture has no records');
    const priced = (rs: Resource[]) => rs.filter((r) => r.price !== null && r.price !== undefined);
    const messages = priced([...[...state.messages.values()].map((m) => m.resource), ...outside]);
    const calls = priced([...state.calls.values()].map((c) => c.resource));
    const usd = (rs: Resource[]) => rs.reduce((sum, r) => sum + Math.abs(Number(r.price)), 0);
    const segments = messages.reduce((n, m) => n + Number(m.num_segments ?? 1), 0);
    const today = new Date().toISOString().slice(0, 10);
    const record = (category: string, description: string, count: number, price: number, unit: string) => ({
      ...template,
      account_sid: accountSid,
      category,
      description,
      count: String(count),
      count_unit: unit,
      usage: String(count),
      usage_unit: unit,
      price: price.toFixed(5),
      price_unit: 'usd',
      start_date: req.query.get('StartDate') ?? `${today.slice(0, 8)}01`,
      end_date: req.query.get('EndDate') ?? today,
      as_of: new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00'),
    });
    const sms = usd(messages);
    const voice = usd(calls);
    const fees = segments * carrierFee;
    const records = [
      record('sms', 'SMS', segments, sms, 'messages'),
      record('calls', 'Voice Minutes', calls.length, voice, 'calls'),
      record('sms-messages-carrierfees', 'SMS Carrier Fees', segments, fees, 'messages'),
      record(
        'failed-message-processing-fee',
        'Failed Message Processing Fee',
        options.failedMessages ?? 0,
        failedFees,
        'messages',
      ),
      record('totalprice', 'Total Price', 0, sms + voice + fees + failedFees, ''),
    ];
    const category = req.query.get('Category');
    const items = category ? records.filter((r) => r.category === category) : records;
    return {
      ...usageRecordsBody,
      usage_records: items,
      next_page_uri: null,
      page: 0,
      page_size: items.length,
      end: items.length - 1,
    };
  }

  const acct = '(AC[0-9a-fA-F]{32})';
  const server = await startFakeServer({
    authorize,
    unauthorized: (_req, reply) => send(reply, 401, unauthorizedBody),
    notFound: (req, reply) =>
      send(reply, 404, twilioError(20404, `The requested resource ${req.path} was not found`, 404)),
    routes: [
      {
        method: 'GET',
        path: new RegExp(`^/2010-04-01/Accounts/${acct}\\.json$`),
        handler: (req, reply) => {
          if (ownAccount(req, reply))
            send(reply, 200, { ...accountBody, sid: accountSid, owner_account_sid: accountSid });
        },
      },
      { method: 'POST', path: new RegExp(`^/2010-04-01/Accounts/${acct}/Messages\\.json$`), handler: createMessage },
      { method: 'GET', path: new RegExp(`^/2010-04-01/Accounts/${acct}/Messages\\.json$`), handler: listMessages },
      {
        method: 'GET',
        path: new RegExp(`^/2010-04-01/Accounts/${acct}/Messages/([A-Z]{2}[0-9a-f]{32})\\.json$`),
        handler: (req, reply) => lookup('messages', req, reply),
      },
      { method: 'POST', path: new RegExp(`^/2010-04-01/Accounts/${acct}/Calls\\.json$`), handler: createCall },
      {
        method: 'GET',
        path: new RegExp(`^/2010-04-01/Accounts/${acct}/Calls/(CA[0-9a-f]{32})\\.json$`),
        handler: (req, reply) => lookup('calls', req, reply),
      },
      {
        method: 'GET',
        path: new RegExp(`^/2010-04-01/Accounts/${acct}/Usage/Records(?:/[A-Za-z]+)?(?:\\.json)?$`),
        handler: (req, reply) => {
          if (!ownAccount(req, reply)) return;
          // A dated query gets this fake's own usage; otherwise the recorded all-time record.
          send(reply, 200, req.query.has('StartDate') ? periodUsage(req) : usageRecordsBody);
        },
      },
      {
        method: 'GET',
        path: new RegExp(`^/2010-04-01/Accounts/${acct}/Balance\\.json$`),
        handler: (req, reply) => {
          if (ownAccount(req, reply))
            send(reply, 200, {
              account_sid: accountSid,
              balance: (options.balanceUsd ?? 20.5).toFixed(5),
              currency: 'USD',
            });
        },
      },
    ],
  });
  return Object.assign(server, { state });
}
